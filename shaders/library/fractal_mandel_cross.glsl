// name: Mandelbrot cross trap
// family: orbit-trap
// author: PMG Workbench project
// license: MIT
// common: noise
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 uv = (fragCoord - 0.5 * iResolution.xy) / iResolution.y;
  float zoom = 0.6 + 0.4 * sin(iTime * 0.1);
  vec2 c = vec2(-0.745, 0.186) + uv * 0.05 * zoom, z = vec2(0.0);
  float trap = 10.0;
  for (int i = 0; i < 160; i++) { z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + c; trap = min(trap, min(abs(z.x), abs(z.y))); if (dot(z, z) > 64.0) break; }
  fragColor = vec4(palette(-log(trap + 1e-4) * 0.12, vec3(0.5), vec3(0.5), vec3(1.0), vec3(0.3, 0.2, 0.2)), 1.0);
}
