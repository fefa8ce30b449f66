// name: Ink in water
// family: flow
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * 3.0;
  for (int i = 0; i < 5; i++) { p += 0.3 * vec2(sin(p.y * 1.7 + iTime * 0.3 + float(i)), cos(p.x * 1.3 - iTime * 0.2)); }
  float ink = smoothstep(0.2, 0.8, fbm(p, 5));
  fragColor = vec4(mix(vec3(0.95, 0.93, 0.88), vec3(0.05, 0.1, 0.35), ink), 1.0);
}
