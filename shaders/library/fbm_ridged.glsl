// name: Ridged noise
// family: fbm
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 5.0;
  float s = 0.0, a = 0.5;
  for (int i = 0; i < 6; i++) { float n = 1.0 - abs(2.0 * vnoise(p + iTime * 0.1) - 1.0); s += a * n * n; p *= 2.1; a *= 0.5; }
  vec3 col = palette(s, vec3(0.5), vec3(0.5), vec3(1.0, 0.8, 0.6), vec3(0.0, 0.2, 0.4));
  fragColor = vec4(col, 1.0);
}
