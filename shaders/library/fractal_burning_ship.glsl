// name: Burning ship point trap
// family: orbit-trap
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  vec2 c = vec2(-1.76, -0.03) + uv * 0.12, z = vec2(0.0);
  float trap = 10.0; vec2 pt = 0.3 * vec2(cos(iTime * 0.2), sin(iTime * 0.2));
  for (int i = 0; i < 120; i++) { z = abs(z); z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c; trap = min(trap, length(z - pt)); if (dot(z, z) > 16.0) break; }
  fragColor = vec4(palette(sqrt(trap) * 1.5, vec3(0.5), vec3(0.5), vec3(1.0, 0.7, 0.4), vec3(0.0, 0.15, 0.2)), 1.0);
}
