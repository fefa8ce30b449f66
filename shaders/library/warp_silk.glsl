// name: Silk folds
// family: domain-warp
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 4.0;
  for (int i = 1; i < 6; i++) { float fi = float(i); p += vec2(0.6 / fi * sin(fi * p.y + iTime * 0.3 + 0.3 * fi), 0.6 / fi * cos(fi * p.x + iTime * 0.2)); }
  vec3 col = 0.5 + 0.5 * cos(vec3(0.0, 2.0, 4.0) + p.x + p.y);
  fragColor = vec4(col, 1.0);
}
