// common: raymarch
// rot(), sphere tracer with normals, shading and fog; the shader defines float map(vec3 p)
// author: PMG Workbench project
// license: MIT
mat2 rot(float a) { float c = cos(a), s = sin(a); return mat2(c, -s, s, c); }
float map(vec3 p);
vec3 calcNormal(vec3 p) { vec2 e = vec2(0.001, 0.0);
  return normalize(vec3(map(p + e.xyy) - map(p - e.xyy), map(p + e.yxy) - map(p - e.yxy), map(p + e.yyx) - map(p - e.yyx))); }
vec3 render(vec2 fragCoord, vec3 ro, vec3 ta, vec3 base) {
  vec2 uv = (2.0 * fragCoord - iResolution.xy) / iResolution.y;
  vec3 ww = normalize(ta - ro), uu = normalize(cross(ww, vec3(0, 1, 0))), vv = cross(uu, ww);
  vec3 rd = normalize(uv.x * uu + uv.y * vv + 1.8 * ww);
  float t = 0.0; for (int i = 0; i < 80; i++) { float h = map(ro + rd * t); if (h < 0.001 || t > 20.0) break; t += h; }
  vec3 col = vec3(0.05, 0.07, 0.1) + 0.1 * rd.y;
  if (t < 20.0) { vec3 p = ro + rd * t, n = calcNormal(p); vec3 l = normalize(vec3(0.6, 0.8, -0.4));
    float dif = clamp(dot(n, l), 0.0, 1.0), amb = 0.5 + 0.5 * n.y;
    col = base * (0.2 * amb + 0.9 * dif) + 0.25 * pow(clamp(dot(reflect(rd, n), l), 0.0, 1.0), 16.0);
    col *= 0.6 + 0.4 * cos(p.x * 3.0 + p.z * 2.0 + vec3(0, 1, 2)); col = mix(col, vec3(0.05, 0.07, 0.1), 1.0 - exp(-0.02 * t * t)); }
  return pow(col, vec3(0.4545)); }
