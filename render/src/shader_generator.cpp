#include "pmg/render/shader_generator.h"

#include <fmt/format.h>
#include <sstream>
#include <vector>

#include "pmg/base/rng.h"

namespace pmg::render {

namespace {

/// Generator-specific helpers; noise, fbm and voronoi come from shaders/common.
const char* kHelpers =
    "mat2 g_rot(float a) { float c = cos(a), s = sin(a); return mat2(c, -s, s, c); }\n";

std::string num(double v) {
  return fmt::format("{:.4f}", v);
}

struct Builder {
  pmg::Rng& rng;
  std::vector<std::string> stages;
  double r(double lo, double hi) { return rng.uniform(lo, hi); }
  std::string n(double lo, double hi) { return num(r(lo, hi)); }
  int pick(int k) { return int(rng.uniformInt(0, k - 1)); }
};

std::string domainStage(Builder& b) {
  switch (b.pick(8)) {
    case 0:
      b.stages.push_back("rotate");
      return "  p = g_rot(" + b.n(-0.5, 0.5) + " * t + " + b.n(0, 6.28) + ") * p;\n";
    case 1:
      b.stages.push_back("polar");
      return "  p = vec2(atan(p.y, p.x) * " + num(double(b.rng.uniformInt(1, 5))) +
             " / 3.14159, length(p) * " + b.n(1, 4) + " - t * " + b.n(0.05, 0.4) + ");\n";
    case 2: {
      b.stages.push_back("kaleido");
      const std::string k = num(double(b.rng.uniformInt(3, 9)));
      return "  { float a = atan(p.y, p.x), rr = length(p); float s = 6.28318 / " + k +
             "; a = abs(mod(a, s) - 0.5 * s); p = rr * vec2(cos(a), sin(a)); }\n";
    }
    case 3:
      b.stages.push_back("repeat");
      return "  p = fract(p * " + b.n(1.0, 3.0) + " + 0.5) - 0.5;\n";
    case 4:
      b.stages.push_back("inversion");
      return "  p = p / max(dot(p, p), " + b.n(0.05, 0.3) + ") * " + b.n(0.3, 1.0) + ";\n";
    case 5:
      b.stages.push_back("twirl");
      return "  p = g_rot(" + b.n(0.5, 3.0) + " * exp(-dot(p, p) * " + b.n(0.5, 3.0) +
             ") + 0.2 * sin(t)) * p;\n";
    case 6:
      b.stages.push_back("noise-warp");
      return "  p += " + b.n(0.1, 0.6) + " * (vec2(fbm(p * " + b.n(1, 4) +
             " + t * 0.1, 4), fbm(p * 2.0 + 5.3 - t * 0.1, 4)) - 0.5);\n";
    default: {
      b.stages.push_back("kaliset");
      return "  for (int k = 0; k < " + std::to_string(b.rng.uniformInt(3, 8)) +
             "; k++) p = abs(p) / max(dot(p, p), 0.05) - vec2(" + b.n(0.4, 1.0) + ", " +
             b.n(0.3, 0.9) + ") - 0.02 * sin(t);\n";
    }
  }
}

std::string fieldExpr(Builder& b) {
  switch (b.pick(7)) {
    case 0:
      b.stages.push_back("waves");
      return "0.5 + 0.5 * sin(dot(p, vec2(" + b.n(-8, 8) + ", " + b.n(-8, 8) + ")) + " +
             b.n(0.5, 3) + " * t)";
    case 1:
      b.stages.push_back("fbm");
      return "fbm(p * " + b.n(1.5, 6) + " + t * " + b.n(0.02, 0.3) + ", " +
             std::to_string(b.rng.uniformInt(2, 6)) + ")";
    case 2:
      b.stages.push_back("voronoi");
      return "clamp(voronoi(p * " + b.n(2, 8) + " + t * 0.1).x, 0.0, 1.0)";
    case 3:
      b.stages.push_back("rings");
      return "0.5 + 0.5 * cos(length(p) * " + b.n(5, 30) + " - t * " + b.n(0.5, 3) + ")";
    case 4:
      b.stages.push_back("sdf-circles");
      return "smoothstep(0.0, 0.05, abs(length(fract(p * " + b.n(1, 4) + ") - 0.5) - " +
             b.n(0.1, 0.4) + "))";
    case 5:
      b.stages.push_back("checker");
      return "mod(floor(p.x * " + b.n(2, 8) + ") + floor(p.y * " + b.n(2, 8) +
             " + 0.3 * sin(t)), 2.0)";
    default: {
      b.stages.push_back("julia");
      return "g_julia(p * " + b.n(1.0, 2.5) + ", vec2(" + b.n(-0.8, 0.3) + ", " + b.n(-0.7, 0.7) +
             ") + 0.05 * vec2(cos(t), sin(t)))";
    }
  }
}

std::string combine(Builder& b, const std::string& x, const std::string& y) {
  switch (b.pick(6)) {
    case 0:
      return "(" + x + " + " + y + ") * 0.5";
    case 1:
      return x + " * " + y;
    case 2:
      return "min(" + x + ", " + y + ")";
    case 3:
      return "max(" + x + ", " + y + ")";
    case 4:
      return "abs(" + x + " - " + y + ")";
    default:
      return "mix(" + x + ", " + y + ", " + b.n(0.2, 0.8) + ")";
  }
}

}  // namespace

ShaderEntry generateShader(uint64_t seed) {
  pmg::Rng rng(seed, 0x5AADE5ULL + kShaderGeneratorVersion);
  Builder b{rng, {}};
  std::ostringstream body;
  const double speed = b.r(0.2, 1.5);
  body << "void mainImage(out vec4 fragColor, in vec2 fragCoord) {\n";
  body << "  vec2 p = (fragCoord - 0.5 * iResolution.xy) / iResolution.y * " << b.n(1.0, 3.0)
       << ";\n";
  body << "  float t = iTime * " << num(speed) << ";\n";
  const int domains = int(rng.uniformInt(0, 3));
  for (int i = 0; i < domains; ++i) body << domainStage(b);
  std::string v = fieldExpr(b);
  const int fields = int(rng.uniformInt(0, 2));
  for (int i = 0; i < fields; ++i) v = combine(b, v, fieldExpr(b));
  body << "  float v = clamp(" << v << ", -4.0, 4.0);\n";
  if (rng.bernoulli(0.4))
    body << "  v = smoothstep(" << b.n(0.2, 0.45) << ", " << b.n(0.55, 0.8) << ", v);\n";
  body << "  vec3 col = vec3(" << b.n(0.3, 0.7) << ", " << b.n(0.3, 0.7) << ", " << b.n(0.3, 0.7)
       << ") + vec3(" << b.n(0.3, 0.6) << ", " << b.n(0.3, 0.6) << ", " << b.n(0.3, 0.6)
       << ") * cos(6.28318 * (vec3(" << b.n(0.5, 2) << ", " << b.n(0.5, 2) << ", " << b.n(0.5, 2)
       << ") * v + vec3(" << b.n(0, 1) << ", " << b.n(0, 1) << ", " << b.n(0, 1) << ")));\n";
  body << "  fragColor = vec4(clamp(col, 0.0, 1.0), 1.0);\n}\n";

  std::string stages;
  for (const auto& s : b.stages) stages += (stages.empty() ? "" : " > ") + s;
  std::ostringstream text;
  const std::string id =
      "gen-v" + std::to_string(kShaderGeneratorVersion) + "-" + std::to_string(seed);
  text << "// name: " << id << "\n// family: generated\n// author: PMG Workbench shader generator\n"
       << "// license: MIT\n// seed: " << seed << "\n// stages: " << stages
       << "\n// common: noise voronoi\n";
  text << kHelpers;
  text << "float g_julia(vec2 z, vec2 c) { for (int i = 0; i < 48; i++) { z = vec2(z.x * z.x - z.y "
          "* z.y, 2.0 * z.x * z.y) + c; if (dot(z, z) > 16.0) return float(i) / 48.0; } return "
          "1.0; }\n";
  text << body.str();
  ShaderEntry e = parseShaderText(id, text.str());
  e.family = "generated";
  return e;
}

}  // namespace pmg::render
