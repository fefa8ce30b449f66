// name: Hexagon tiles
// family: tiling
// author: PMG Workbench project
// license: MIT
// common: noise
vec4 hexCoords(vec2 p) { vec2 r = vec2(1.0, 1.732), h = r * 0.5; vec2 a = mod(p, r) - h, b = mod(p - h, r) - h;
  vec2 g = dot(a, a) < dot(b, b) ? a : b; return vec4(g, p - g); }
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec4 h = hexCoords(fragCoord / iResolution.y * 7.0);
  vec2 q = abs(h.xy); float d = 0.5 - max(dot(q, normalize(vec2(1.0, 1.732))), q.x);
  vec3 col = palette(hash12(floor(h.zw * 10.0)) + 0.05 * iTime, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.1, 0.2, 0.3));
  fragColor = vec4(col * smoothstep(0.0, 0.06, d), 1.0);
}
