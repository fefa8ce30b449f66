// name: Labyrinth stripes
// family: reaction
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 6.0;
  vec2 g = vec2(fbm(p, 4), fbm(p + 9.0, 4));
  float v = sin(30.0 * fbm(p + 2.0 * g + iTime * 0.02, 5));
  float m = smoothstep(-0.1, 0.1, v);
  fragColor = vec4(mix(vec3(0.05, 0.2, 0.15), vec3(0.85, 0.95, 0.8), m), 1.0);
}
