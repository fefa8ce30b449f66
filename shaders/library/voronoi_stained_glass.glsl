// name: Stained glass
// family: voronoi
// author: PMG Workbench project
// license: MIT
// common: noise voronoi
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 4.0;
  vec3 v = voronoi(p);
  vec3 glass = 0.5 + 0.5 * cos(6.2831 * (v.z + vec3(0.0, 0.33, 0.67)));
  glass *= 0.7 + 0.3 * vnoise(p * 20.0);
  vec3 col = mix(vec3(0.05), glass, smoothstep(0.04, 0.07, v.y - v.x));
  fragColor = vec4(col, 1.0);
}
