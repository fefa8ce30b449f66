// name: Cell distance rings
// family: voronoi
// author: PMG Workbench project
// license: MIT
// common: noise voronoi
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec3 v = voronoi(fragCoord / iResolution.y * 5.0);
  float rings = 0.5 + 0.5 * sin(v.x * 40.0 - iTime * 2.0);
  vec3 col = mix(vec3(0.05, 0.1, 0.2), vec3(0.2, 0.8, 0.9), rings) * (0.5 + v.z);
  fragColor = vec4(col, 1.0);
}
