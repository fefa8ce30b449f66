// name: Cracked mud
// family: voronoi
// author: PMG Workbench project
// license: MIT
// common: noise voronoi
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 8.0;
  vec3 v = voronoi(p + 0.3 * vec2(fbm(p, 3), fbm(p + 7.0, 3)));
  float edge = smoothstep(0.02, 0.12, v.y - v.x);
  vec3 col = mix(vec3(0.15, 0.1, 0.05), vec3(0.7, 0.55, 0.35) * (0.7 + 0.3 * v.z), edge);
  fragColor = vec4(col * (0.8 + 0.4 * fbm(p * 4.0, 4)), 1.0);
}
