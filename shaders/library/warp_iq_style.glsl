// name: Double domain warp
// family: domain-warp
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 3.0;
  vec2 q = vec2(fbm(p, 5), fbm(p + vec2(5.2, 1.3), 5));
  vec2 r = vec2(fbm(p + 4.0 * q + vec2(1.7, 9.2) + 0.15 * iTime, 5), fbm(p + 4.0 * q + vec2(8.3, 2.8) + 0.126 * iTime, 5));
  float f = fbm(p + 4.0 * r, 5);
  vec3 col = mix(vec3(0.1, 0.6, 0.7), vec3(0.7, 0.6, 0.5), clamp(f * f * 4.0, 0.0, 1.0));
  col = mix(col, vec3(0.0, 0.0, 0.16), clamp(length(q), 0.0, 1.0));
  col = mix(col, vec3(0.9, 0.9, 0.9), clamp(abs(r.x), 0.0, 1.0) * 0.5);
  fragColor = vec4(col * (f * 1.5 + 0.3), 1.0);
}
