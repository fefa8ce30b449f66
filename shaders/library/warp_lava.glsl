// name: Lava lamp warp
// family: domain-warp
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 2.0;
  vec2 w = vec2(fbm(p * 1.5 + iTime * 0.05, 4), fbm(p * 1.5 - iTime * 0.04 + 3.1, 4));
  float f = fbm(p * 3.0 + 3.0 * w, 5);
  vec3 col = mix(vec3(0.1, 0.0, 0.0), vec3(1.0, 0.4, 0.0), smoothstep(0.3, 0.6, f));
  col = mix(col, vec3(1.0, 0.95, 0.6), smoothstep(0.6, 0.8, f));
  fragColor = vec4(col, 1.0);
}
