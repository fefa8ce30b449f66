// name: Turing spots
// family: reaction
// author: PMG Workbench project
// license: MIT
float hash12(vec2 p) { vec3 q = fract(vec3(p.xyx) * 0.1031); q += dot(q, q.yzx + 33.33); return fract((q.x + q.y) * q.z); }
vec2 hash22(vec2 p) { vec3 q = fract(vec3(p.xyx) * vec3(0.1031, 0.1030, 0.0973)); q += dot(q, q.yzx + 33.33); return fract((q.xx + q.yz) * q.zy); }
float vnoise(vec2 p) { vec2 i = floor(p), f = fract(p); vec2 u = f * f * (3.0 - 2.0 * f);
  return mix(mix(hash12(i), hash12(i + vec2(1, 0)), u.x), mix(hash12(i + vec2(0, 1)), hash12(i + vec2(1, 1)), u.x), u.y); }
float fbm(vec2 p, int oct) { float a = 0.5, s = 0.0; mat2 r = mat2(0.8, -0.6, 0.6, 0.8);
  for (int i = 0; i < 8; i++) { if (i >= oct) break; s += a * vnoise(p); p = r * p * 2.02 + 17.1; a *= 0.5; } return s; }
vec3 palette(float t, vec3 a, vec3 b, vec3 c, vec3 d) { return a + b * cos(6.28318 * (c * t + d)); }

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 10.0;
  float a = fbm(p, 3), b = fbm(p * 2.3 + 11.0, 3);
  float v = sin(a * 25.0 + iTime * 0.3) * sin(b * 23.0);
  float spots = smoothstep(0.2, 0.4, v);
  fragColor = vec4(mix(vec3(0.95, 0.85, 0.6), vec3(0.2, 0.1, 0.05), spots), 1.0);
}
