// name: Rounded box grid
// family: raymarch
// author: PMG Workbench project
// license: MIT
// common: raymarch
float sdBox(vec3 p, vec3 b) { vec3 q = abs(p) - b; return length(max(q, 0.0)) + min(max(q.x, max(q.y, q.z)), 0.0); }
float map(vec3 p) {
  vec2 id = floor(p.xz / 1.5);
  vec3 q = p; q.xz = mod(q.xz, 1.5) - 0.75;
  float h = 0.3 + 0.3 * sin(id.x * 1.3 + id.y * 0.7 + iTime);
  return min(sdBox(q - vec3(0.0, h, 0.0), vec3(0.4, h, 0.4)) - 0.05, p.y);
}
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec3 ro = vec3(2.0 + iTime * 0.2, 3.0, -2.0);
  fragColor = vec4(render(fragCoord, ro, ro + vec3(0.5, -1.2, 1.0), vec3(0.8, 0.8, 0.6)), 1.0);
}
