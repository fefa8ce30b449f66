// name: Newton basins
// family: orbit-trap
// author: PMG Workbench project
// license: MIT
// common: noise
vec2 cmul(vec2 a, vec2 b) { return vec2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
vec2 cdiv(vec2 a, vec2 b) { return vec2(a.x * b.x + a.y * b.y, a.y * b.x - a.x * b.y) / dot(b, b); }
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 z = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 3.0;
  float k = 0.0; vec2 a = vec2(1.0 + 0.2 * sin(iTime * 0.3), 0.0);
  for (int i = 0; i < 40; i++) { vec2 z2 = cmul(z, z); vec2 f = cmul(z2, z) - a; vec2 df = 3.0 * z2; vec2 dz = cdiv(f, df); z -= dz; k += 1.0; if (dot(dz, dz) < 1e-8) break; }
  float root = atan(z.y, z.x) / 6.2831 + 0.5;
  fragColor = vec4(palette(root, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.0, 0.33, 0.67)) * (1.0 - k / 48.0), 1.0);
}
