// name: Chladni plate
// family: interference
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 3.14159 * 2.0;
  float n = 3.0 + floor(mod(iTime * 0.2, 3.0)), m = 5.0;
  float v = cos(n * p.x) * cos(m * p.y) - cos(m * p.x) * cos(n * p.y);
  float line = smoothstep(0.15, 0.0, abs(v));
  fragColor = vec4(mix(vec3(0.1, 0.1, 0.15), vec3(1.0, 0.9, 0.7), line) + 0.1 * v, 1.0);
}
