// name: Truchet arcs
// family: tiling
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 8.0 + vec2(iTime * 0.2, 0.0);
  vec2 id = floor(p), f = fract(p) - 0.5;
  if (hash12(id) > 0.5) f.x = -f.x;
  float d = min(abs(length(f - 0.5) - 0.5), abs(length(f + 0.5) - 0.5));
  vec3 col = mix(vec3(0.95, 0.9, 0.8), vec3(0.1, 0.3, 0.5), smoothstep(0.12, 0.08, d));
  fragColor = vec4(col, 1.0);
}
