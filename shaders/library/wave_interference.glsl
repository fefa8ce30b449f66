// name: Two-source interference
// family: interference
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  vec2 s1 = vec2(-0.25, 0.1 * sin(iTime * 0.3)), s2 = vec2(0.25, -0.1);
  float w = sin(length(p - s1) * 80.0 - iTime * 3.0) + sin(length(p - s2) * 80.0 - iTime * 3.0);
  fragColor = vec4(palette(w * 0.25 + 0.5, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.0, 0.1, 0.2)), 1.0);
}
