// name: Noisy bricks
// family: tiling
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * vec2(6.0, 12.0);
  p.x += 0.5 * mod(floor(p.y), 2.0) + 0.1 * iTime;
  vec2 id = floor(p), f = fract(p);
  float mortar = smoothstep(0.0, 0.06, min(min(f.x, 1.0 - f.x) * 0.5, min(f.y, 1.0 - f.y)));
  vec3 brick = vec3(0.6, 0.25, 0.15) * (0.7 + 0.5 * hash12(id)) * (0.8 + 0.3 * fbm(p * 3.0, 4));
  fragColor = vec4(mix(vec3(0.75, 0.72, 0.68), brick, mortar), 1.0);
}
