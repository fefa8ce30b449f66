// name: Warped checkerboard
// family: tiling
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  p += 0.1 * vec2(sin(p.y * 6.0 + iTime), cos(p.x * 5.0 - iTime * 0.7));
  p *= 8.0 / (0.6 + length(p));
  float c = mod(floor(p.x) + floor(p.y), 2.0);
  fragColor = vec4(mix(vec3(0.9, 0.3, 0.1), vec3(0.1, 0.2, 0.6), c), 1.0);
}
