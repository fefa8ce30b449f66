// name: Turing spots
// family: reaction
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 10.0;
  float a = fbm(p, 3), b = fbm(p * 2.3 + 11.0, 3);
  float v = sin(a * 25.0 + iTime * 0.3) * sin(b * 23.0);
  float spots = smoothstep(0.2, 0.4, v);
  fragColor = vec4(mix(vec3(0.95, 0.85, 0.6), vec3(0.2, 0.1, 0.05), spots), 1.0);
}
