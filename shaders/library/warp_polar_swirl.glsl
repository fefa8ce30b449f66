// name: Polar swirl warp
// family: domain-warp
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  float r = length(p), a = atan(p.y, p.x);
  a += 2.0 * fbm(vec2(r * 4.0, iTime * 0.1), 4) + 1.0 / (r + 0.3);
  vec2 q = vec2(cos(a), sin(a)) * r;
  float f = fbm(q * 6.0, 5);
  fragColor = vec4(palette(f + r, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.3, 0.2, 0.2)), 1.0);
}
