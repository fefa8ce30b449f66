#include <gtest/gtest.h>

#include <set>

#include "gl_fixture.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_filter.h"
#include "pmg/render/shader_generator.h"

using namespace pmg::render;
using pmg::test::GlTest;

TEST(ShaderGenerator, DeterministicAndDistinctOverThousandSeeds) {
  std::set<std::string> bodies;
  for (uint64_t s = 0; s < 1200; ++s) {
    const auto e = generateShader(s);
    ASSERT_EQ(e.source, generateShader(s).source);
    EXPECT_EQ(e.family, "generated");
    // The body after the header is what distinguishes programs.
    bodies.insert(e.source.substr(e.source.find("void mainImage")));
  }
  EXPECT_EQ(bodies.size(), 1200u);
}

TEST_F(GlTest, GeneratedProgramsCompileAndManyPassTheFilter) {
  OffscreenRenderer probe(64, 64);
  int accepted = 0, compiled = 0;
  const int n = 40;
  for (uint64_t s = 0; s < n; ++s) {
    const auto v = judgeShader(generateShader(s), probe);
    compiled += v.reason.rfind("compile", 0) != 0;
    accepted += v.accepted;
  }
  EXPECT_EQ(compiled, n);
  EXPECT_GT(accepted, n / 4);
}

TEST_F(GlTest, FilterRejectsFlatNoiseAndStaticPrograms) {
  OffscreenRenderer probe(64, 64);
  FilterOptions relaxed;
  relaxed.time_budget_ms = 5000.0;  // this test is about content, not timing on a loaded machine
  auto judge = [&](const char* body) {
    return judgeShader(parseShaderText("t", body), probe, relaxed);
  };
  EXPECT_EQ(judge("void mainImage(out vec4 c, in vec2 f) { c = vec4(0.4); }").reason.substr(0, 4),
            "flat");
  const auto noise = judge(
      "float h(vec2 p) { return fract(sin(dot(p, vec2(12.9898, 78.233)) + iTime) * 43758.5453); }\n"
      "void mainImage(out vec4 c, in vec2 f) { c = vec4(h(f), h(f + 1.0), h(f + 2.0), 1.0); }");
  EXPECT_EQ(noise.reason.substr(0, 10), "noise-like") << noise.reason;
  EXPECT_EQ(
      judge("void mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / 64.0, f.y / 64.0, 0.5, 1.0); }")
          .reason.substr(0, 6),
      "static");
  EXPECT_EQ(judge("void mainImage(out vec4 c, in vec2 f) { c = nope; }").reason.substr(0, 7),
            "compile");
  EXPECT_TRUE(judge("void mainImage(out vec4 c, in vec2 f) { c = vec4(0.5 + 0.5 * sin(f.x * 0.2 + "
                    "iTime * 3.0), f.y / 64.0, 0.5, 1.0); }")
                  .accepted);
}

TEST_F(GlTest, FilterRejectsProgramsOverTheTimeBudget) {
  OffscreenRenderer probe(64, 64);
  FilterOptions strict;
  strict.time_budget_ms = 2.0;
  const auto v = judgeShader(
      parseShaderText("slow",
                      "void mainImage(out vec4 c, in vec2 f) {\n"
                      "  float s = 0.0;\n"
                      "  for (int i = 0; i < 20000; i++) s += sin(s + f.x * 0.001 + float(i));\n"
                      "  c = vec4(fract(s), 0.5, 0.5, 1.0);\n}\n"),
      probe, strict);
  EXPECT_FALSE(v.accepted);
  EXPECT_EQ(v.reason.substr(0, 8), "too slow") << v.reason;
}
