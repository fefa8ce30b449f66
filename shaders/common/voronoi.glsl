// common: voronoi
// animated Voronoi: (nearest distance, second distance, cell hash); needs noise
// author: PMG Workbench project
// license: MIT
vec3 voronoi(vec2 p) { vec2 n = floor(p), f = fract(p); float d1 = 8.0, d2 = 8.0; vec2 id = vec2(0);
  for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) { vec2 g = vec2(i, j); vec2 o = hash22(n + g);
    o = 0.5 + 0.5 * sin(iTime * 0.7 + 6.2831 * o); float d = length(g + o - f);
    if (d < d1) { d2 = d1; d1 = d; id = n + g; } else if (d < d2) d2 = d; }
  return vec3(d1, d2, hash12(id)); }
