// name: Plane wave quasicrystal
// family: interference
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 40.0;
  float s = 0.0;
  for (int i = 0; i < 7; i++) { float a = float(i) * 3.14159 / 7.0; s += cos(dot(p, vec2(cos(a), sin(a))) + iTime * 0.5); }
  fragColor = vec4(palette(s / 7.0, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.0, 0.2, 0.5)), 1.0);
}
