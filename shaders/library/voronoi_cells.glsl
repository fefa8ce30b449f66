// name: Voronoi cells
// family: voronoi
// author: PMG Workbench project
// license: MIT
// common: noise voronoi
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec3 v = voronoi(fragCoord / iResolution.y * 6.0);
  vec3 col = palette(v.z, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.0, 0.33, 0.67));
  col *= smoothstep(0.0, 0.08, v.y - v.x);
  fragColor = vec4(col, 1.0);
}
