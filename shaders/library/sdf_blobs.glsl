// name: Smooth-union blobs
// family: raymarch
// author: PMG Workbench project
// license: MIT
// common: raymarch
float smin(float a, float b, float k) { float h = clamp(0.5 + 0.5 * (b - a) / k, 0.0, 1.0); return mix(b, a, h) - k * h * (1.0 - h); }
float map(vec3 p) {
  float d = p.y + 1.0;
  for (int i = 0; i < 5; i++) { float fi = float(i); vec3 c = vec3(sin(iTime * 0.5 + fi * 1.7), 0.4 * cos(iTime * 0.7 + fi), cos(iTime * 0.4 + fi * 2.3)) * 1.2;
    d = smin(d, length(p - c) - 0.45, 0.4); }
  return d;
}
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  fragColor = vec4(render(fragCoord, vec3(0.0, 1.0, -4.0), vec3(0.0), vec3(0.9, 0.3, 0.5)), 1.0);
}
