// name: Advected smoke
// family: flow
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 3.0;
  vec2 v = vec2(fbm(p + iTime * 0.1, 4), fbm(p + 5.0 - iTime * 0.1, 4)) - 0.5;
  float d = fbm(p + 3.0 * v + vec2(0.0, -iTime * 0.2), 6);
  vec3 col = mix(vec3(0.02, 0.02, 0.05), vec3(0.8, 0.85, 0.9), smoothstep(0.3, 0.8, d));
  fragColor = vec4(col, 1.0);
}
