// name: Channel texture blend
// family: fbm
// author: PMG Workbench project
// license: MIT
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 uv = fragCoord / iResolution.xy;
  vec3 a = texture(iChannel1, uv * 0.5 + iTime * 0.01).rgb;
  vec3 b = texture(iChannel2, uv * 2.0 + a.rg * 0.1).rgb;
  fragColor = vec4(mix(a, b, 0.5 + 0.5 * sin(iTime + uv.x * 6.0)), 1.0);
}
