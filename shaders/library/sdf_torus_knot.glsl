// name: Twisted tori
// family: raymarch
// author: PMG Workbench project
// license: MIT
// common: raymarch
float map(vec3 p) {
  vec3 q = p;
  q.xz = rot(iTime * 0.3) * q.xz;
  q.xy = rot(0.6) * q.xy;
  vec2 t = vec2(length(q.xz) - 1.0, q.y);
  float wobble = 0.08 * sin(6.0 * atan(q.z, q.x) + iTime);
  return min(length(t) - 0.3 - wobble, p.y + 1.2) * 0.8;
}
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  fragColor = vec4(render(fragCoord, vec3(0.0, 1.5, -3.5), vec3(0.0), vec3(0.3, 0.6, 0.9)), 1.0);
}
