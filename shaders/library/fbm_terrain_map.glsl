// name: Contoured terrain map
// family: fbm
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 uv = fragCoord / iResolution.y * 2.5 + iTime * 0.03;
  float h = fbm(uv, 7);
  vec3 col = h < 0.45 ? mix(vec3(0.0, 0.1, 0.4), vec3(0.1, 0.4, 0.7), h / 0.45)
                      : mix(vec3(0.2, 0.5, 0.1), vec3(0.6, 0.5, 0.4), (h - 0.45) / 0.4);
  float iso = abs(fract(h * 20.0) - 0.5);
  col *= 0.75 + 0.25 * smoothstep(0.0, 0.1, iso);
  fragColor = vec4(col, 1.0);
}
