// name: Six-fold kaleidoscope
// family: kaleidoscope
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  float a = atan(p.y, p.x), r = length(p), n = 6.0;
  a = abs(mod(a, 6.28318 / n) - 3.14159 / n);
  p = r * vec2(cos(a), sin(a));
  vec3 col = vec3(0.0);
  for (int i = 0; i < 4; i++) { p = abs(p * 1.6) - 0.5 + 0.1 * sin(iTime * 0.3); col += 0.25 * (0.5 + 0.5 * cos(vec3(0, 2, 4) + length(p) * 4.0)); }
  fragColor = vec4(col, 1.0);
}
