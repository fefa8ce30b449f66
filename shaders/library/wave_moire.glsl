// name: Moire rings
// family: interference
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  float a = sin(length(p) * 120.0), b = sin(length(p - vec2(0.05 * cos(iTime * 0.2), 0.03)) * 124.0);
  float m = a * b;
  fragColor = vec4(vec3(0.5 + 0.5 * m) * vec3(0.9, 0.8, 1.0), 1.0);
}
