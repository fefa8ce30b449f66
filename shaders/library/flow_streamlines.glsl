// name: Curl streamlines
// family: flow
// author: PMG Workbench project
// license: MIT
// common: noise
vec2 curl(vec2 p) { float e = 0.01; float n1 = fbm(p + vec2(0, e), 4), n2 = fbm(p - vec2(0, e), 4), n3 = fbm(p + vec2(e, 0), 4), n4 = fbm(p - vec2(e, 0), 4);
  return vec2(n1 - n2, -(n3 - n4)) / (2.0 * e); }
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 2.0;
  for (int i = 0; i < 8; i++) p += 0.02 * curl(p + iTime * 0.02);
  float s = sin(40.0 * fbm(p * 2.0, 4));
  fragColor = vec4(palette(s * 0.3 + p.x * 0.2, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.2, 0.4, 0.6)) * (0.6 + 0.4 * s), 1.0);
}
