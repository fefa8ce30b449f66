// name: Sphere field
// family: raymarch
// author: PMG Workbench project
// license: MIT
// common: raymarch
float map(vec3 p) { vec3 q = mod(p + 1.0, 2.0) - 1.0; return length(q) - 0.45 - 0.05 * sin(iTime + p.x); }
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec3 ro = vec3(0.3 * iTime, 0.5, -3.0);
  fragColor = vec4(render(fragCoord, ro, ro + vec3(0.2, -0.1, 1.0), vec3(0.9, 0.5, 0.3)), 1.0);
}
