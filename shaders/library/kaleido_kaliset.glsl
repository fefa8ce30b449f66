// name: Kaliset fold
// family: kaleidoscope
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 1.5;
  float acc = 0.0;
  for (int i = 0; i < 12; i++) { p = abs(p) / dot(p, p) - vec2(0.8 + 0.05 * sin(iTime * 0.2), 0.6); acc += exp(-3.0 * abs(length(p) - 1.0)); }
  fragColor = vec4(palette(acc * 0.1, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.6, 0.3, 0.1)) * min(1.0, acc * 0.15), 1.0);
}
