// name: Triangle mirror folds
// family: kaleidoscope
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 3.0;
  vec3 col = vec3(0.0);
  float s = 1.0;
  for (int i = 0; i < 6; i++) {
    p = abs(p); if (p.x < p.y) p = p.yx;
    p = p * 1.7 - vec2(1.0, 0.4 + 0.2 * sin(iTime * 0.25)); s *= 1.7;
    col += 0.18 * (0.5 + 0.5 * cos(float(i) + vec3(0.0, 1.5, 3.0)));
  }
  float d = length(p) / s;
  col *= smoothstep(0.0, 0.02, abs(d - 0.05));
  fragColor = vec4(col, 1.0);
}
