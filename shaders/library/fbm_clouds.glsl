// name: FBM clouds
// family: fbm
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 uv = fragCoord / iResolution.y * 3.0;
  float n = fbm(uv + vec2(iTime * 0.1, 0.0), 6);
  vec3 col = mix(vec3(0.2, 0.4, 0.8), vec3(1.0), smoothstep(0.35, 0.75, n));
  fragColor = vec4(col, 1.0);
}
