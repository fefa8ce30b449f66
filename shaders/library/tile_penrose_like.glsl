// name: Rotated grid overlay
// family: tiling
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 12.0;
  float s = 0.0;
  for (int i = 0; i < 5; i++) { float a = float(i) * 1.2566 + 0.02 * iTime; vec2 q = mat2(cos(a), -sin(a), sin(a), cos(a)) * p; s += step(0.5, fract(q.x)); }
  fragColor = vec4(palette(s / 5.0, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.2, 0.1, 0.0)), 1.0);
}
