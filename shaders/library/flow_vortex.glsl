// name: Vortex street
// family: flow
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 4.0;
  vec2 q = p;
  for (int k = 0; k < 4; k++) { vec2 c = vec2(float(k) * 1.2 + mod(iTime * 0.3, 1.2), 1.0 + 0.6 * (mod(float(k), 2.0) * 2.0 - 1.0));
    vec2 d = q - c; float r2 = dot(d, d) + 0.05; q += 0.15 * vec2(-d.y, d.x) / r2 * (mod(float(k), 2.0) * 2.0 - 1.0); }
  float stripes = 0.5 + 0.5 * sin(q.y * 12.0);
  fragColor = vec4(mix(vec3(0.1, 0.2, 0.4), vec3(1.0, 0.8, 0.4), stripes), 1.0);
}
