// name: Coral growth
// family: reaction
// author: PMG Workbench project
// license: MIT
// common: noise voronoi
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 5.0;
  vec3 v = voronoi(p * 1.5);
  float f = fbm(p * 3.0 + v.x * 2.0, 5);
  float rings = smoothstep(0.4, 0.6, 0.5 + 0.5 * sin(f * 40.0 - iTime * 0.5));
  fragColor = vec4(mix(vec3(0.1, 0.2, 0.35), vec3(1.0, 0.5, 0.4) * (0.6 + 0.4 * v.z), rings), 1.0);
}
