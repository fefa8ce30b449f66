// name: Rosette
// family: kaleidoscope
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  float a = atan(p.y, p.x), r = length(p);
  float petals = cos(a * 8.0 + 0.3 * sin(r * 20.0 - iTime));
  float v = sin(r * 30.0 * (0.8 + 0.2 * petals) - iTime);
  vec3 col = palette(v * 0.5 + r, vec3(0.5), vec3(0.5), vec3(1.0, 1.0, 0.5), vec3(0.8, 0.9, 0.3));
  fragColor = vec4(col * smoothstep(0.9, 0.2, r), 1.0);
}
