// name: Leopard rosettes
// family: reaction
// author: PMG Workbench project
// license: MIT
// common: noise voronoi
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 7.0 + 0.05 * iTime;
  vec3 v = voronoi(p + 0.4 * vec2(fbm(p, 3), fbm(p + 3.0, 3)));
  float ring = smoothstep(0.25, 0.3, v.x) * smoothstep(0.5, 0.42, v.x);
  float inner = smoothstep(0.3, 0.2, v.x);
  vec3 fur = vec3(0.85, 0.6, 0.25) * (0.8 + 0.3 * fbm(p * 5.0, 4));
  vec3 col = mix(fur, vec3(0.1, 0.06, 0.02), ring);
  col = mix(col, fur * 0.75, inner);
  fragColor = vec4(col, 1.0);
}
