// name: Marble veins
// family: fbm
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 uv = fragCoord / iResolution.y * 4.0;
  float v = sin(uv.x * 3.0 + 8.0 * fbm(uv + iTime * 0.05, 5));
  vec3 col = palette(0.5 + 0.5 * v, vec3(0.6), vec3(0.4), vec3(1.0), vec3(0.05, 0.1, 0.2));
  fragColor = vec4(col * (0.7 + 0.3 * abs(v)), 1.0);
}
