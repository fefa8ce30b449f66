// name: Julia orbit trap
// family: orbit-trap
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 z = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 2.6;
  vec2 c = 0.7885 * vec2(cos(0.3 + iTime * 0.1), sin(0.3 + iTime * 0.1));
  float trap = 10.0;
  for (int i = 0; i < 96; i++) { z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c; trap = min(trap, abs(length(z) - 0.5)); if (dot(z, z) > 16.0) break; }
  fragColor = vec4(palette(sqrt(trap), vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.0, 0.1, 0.2)), 1.0);
}
