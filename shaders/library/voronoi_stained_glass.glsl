// name: Stained glass
// family: voronoi
// author: PMG Workbench project
// license: MIT
float hash12(vec2 p) { vec3 q = fract(vec3(p.xyx) * 0.1031); q += dot(q, q.yzx + 33.33); return fract((q.x + q.y) * q.z); }
vec2 hash22(vec2 p) { vec3 q = fract(vec3(p.xyx) * vec3(0.1031, 0.1030, 0.0973)); q += dot(q, q.yzx + 33.33); return fract((q.xx + q.yz) * q.zy); }
float vnoise(vec2 p) { vec2 i = floor(p), f = fract(p); vec2 u = f * f * (3.0 - 2.0 * f);
  return mix(mix(hash12(i), hash12(i + vec2(1, 0)), u.x), mix(hash12(i + vec2(0, 1)), hash12(i + vec2(1, 1)), u.x), u.y); }
float fbm(vec2 p, int oct) { float a = 0.5, s = 0.0; mat2 r = mat2(0.8, -0.6, 0.6, 0.8);
  for (int i = 0; i < 8; i++) { if (i >= oct) break; s += a * vnoise(p); p = r * p * 2.02 + 17.1; a *= 0.5; } return s; }
vec3 palette(float t, vec3 a, vec3 b, vec3 c, vec3 d) { return a + b * cos(6.28318 * (c * t + d)); }
vec3 voronoi(vec2 p) { vec2 n = floor(p), f = fract(p); float d1 = 8.0, d2 = 8.0; vec2 id = vec2(0);
  for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) { vec2 g = vec2(i, j); vec2 o = hash22(n + g);
    o = 0.5 + 0.5 * sin(iTime * 0.7 + 6.2831 * o); float d = length(g + o - f);
    if (d < d1) { d2 = d1; d1 = d; id = n + g; } else if (d < d2) d2 = d; }
  return vec3(d1, d2, hash12(id)); }

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 4.0;
  vec3 v = voronoi(p);
  vec3 glass = 0.5 + 0.5 * cos(6.2831 * (v.z + vec3(0.0, 0.33, 0.67)));
  glass *= 0.7 + 0.3 * vnoise(p * 20.0);
  vec3 col = mix(vec3(0.05), glass, smoothstep(0.04, 0.07, v.y - v.x));
  fragColor = vec4(col, 1.0);
}
