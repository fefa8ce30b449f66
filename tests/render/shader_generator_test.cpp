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
  CostReference reference;
  FilterOptions content_only;  // this test is about content; cost is tested on its own
  content_only.max_relative_cost = 0.0;
  int accepted = 0, compiled = 0;
  const int n = 40;
  for (uint64_t s = 0; s < n; ++s) {
    const auto v = judgeShader(generateShader(s), probe, content_only, nullptr, {}, &reference);
    compiled += v.reason.rfind("compile", 0) != 0;
    accepted += v.accepted;
  }
  EXPECT_EQ(compiled, n);
  EXPECT_GT(accepted, n / 4);
}

TEST_F(GlTest, FilterRejectsFlatNoiseAndStaticPrograms) {
  OffscreenRenderer probe(64, 64);
  FilterOptions relaxed;
  relaxed.max_relative_cost = 0.0;  // this test is about content, not cost
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

TEST(ShaderFilter, CostDecisionIsRelativeToTheReferenceSoLoadCancels) {
  // The same program measured on a quiet and on a 20x slower (loaded) machine: both
  // draws slow down alike, so the verdict is the same.
  EXPECT_EQ(costProblem(3.0, 1.0, 30.0), "");
  EXPECT_EQ(costProblem(60.0, 20.0, 30.0), "");
  const std::string quiet = costProblem(40.0, 1.0, 30.0);
  const std::string loaded = costProblem(800.0, 20.0, 30.0);
  EXPECT_EQ(quiet.substr(0, 10), "too costly") << quiet;
  EXPECT_EQ(quiet, loaded);
  EXPECT_NE(quiet.find("40.0x"), std::string::npos) << quiet;
  EXPECT_EQ(costProblem(1e6, 1.0, 0.0), "") << "0 = no limit";
}

TEST(ShaderFilter, SlownessIsAWarningWithMsAndFps) {
  EXPECT_EQ(slowWarning(10.0, 40.0, 64), "");
  EXPECT_EQ(slowWarning(80.0, 40.0, 64), "slow: 80.0 ms per 64x64 draw (12 FPS)");
  EXPECT_EQ(slowWarning(80.0, 0.0, 64), "") << "0 = never warn";
}

TEST_F(GlTest, UserShadersAreNeverRefusedForCostAndAreMeasuredAfterWarmUp) {
  OffscreenRenderer probe(64, 64);
  // Hundreds of times the reference's cost: a generated program like this is refused,
  // the same text given by a user is accepted and measured.
  const auto heavy = parseShaderText("heavy",
                                     "void mainImage(out vec4 c, in vec2 f) {\n"
                                     "  float s = 0.0;\n"
                                     "  for (int i = 0; i < 20000; i++) s += sin(s + f.x * 0.001 + "
                                     "float(i) + iTime);\n"
                                     "  c = vec4(fract(s), f.y / 64.0, 0.5, 1.0);\n}\n");
  FilterOptions user = userShaderOptions();
  user.warn_ms = 1e-6;  // any cost warns: the warning names the measured ms
  const auto v = judgeShader(heavy, probe, user);
  EXPECT_TRUE(v.accepted) << v.reason;
  EXPECT_GT(v.gpu_ms, 0.0);
  EXPECT_GT(v.reference_ms, 0.0);
  EXPECT_NEAR(v.relative_cost, v.gpu_ms / v.reference_ms, 1e-9);
  EXPECT_EQ(v.warning.substr(0, 5), "slow:") << v.warning;
  // The same program under a relative limit the measured cost exceeds: refused, with
  // the relative cost in the reason. The limit is set from this very measurement, so
  // the verdict does not depend on how fast this machine is.
  FilterOptions generated = userShaderOptions();
  generated.max_relative_cost = v.relative_cost / 1000.0;
  const auto g = judgeShader(heavy, probe, generated);
  EXPECT_FALSE(g.accepted);
  EXPECT_EQ(g.reason.substr(0, 10), "too costly") << g.reason;
}
