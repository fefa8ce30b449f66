#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "gl_fixture.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_filter.h"
#include "pmg/render/shader_library.h"
#include "pmg/render/shader_source.h"

using namespace pmg::render;
using pmg::test::GlTest;

TEST(ShaderLibrary, HasFortyOwnShadersOverTenFamiliesWithHeaders) {
  const auto& lib = builtinShaders();
  EXPECT_GE(lib.size(), 40u);
  std::set<std::string> families;
  for (const auto& e : lib) {
    EXPECT_FALSE(e.name.empty()) << e.id;
    EXPECT_EQ(e.author, "PMG Workbench project") << e.id;
    EXPECT_EQ(e.license, "MIT") << e.id;
    EXPECT_NE(e.source.find("mainImage"), std::string::npos) << e.id;
    families.insert(e.family);
  }
  EXPECT_GE(families.size(), 10u);
}

TEST_F(GlTest, EveryLibraryShaderCompilesAndHasStructure) {
  OffscreenRenderer renderer(64, 64);
  for (const auto& e : builtinShaders()) {
    ShaderProgram p;
    const auto r = p.compile(e.source, e.common);
    ASSERT_TRUE(r.ok) << e.id << ":\n" << r.summary();
    ShaderInputs in;
    in.time = 3.0f;
    const cv::Mat img = renderer.render(p, in);
    EXPECT_GT(maxChannelStd(img), 5.0) << e.id << " renders flat";
  }
}

TEST_F(GlTest, PastedShadertoyStyleShaderCompilesUnchanged) {
  // Typical single-pass Shadertoy code: precision statement, iMouse, iDate, iFrame, texture().
  const std::string src = R"(precision highp float;
#define PI 3.14159265
void mainImage( out vec4 fragColor, in vec2 fragCoord )
{
    vec2 uv = fragCoord/iResolution.xy;
    vec3 col = 0.5 + 0.5*cos(iTime+uv.xyx+vec3(0,2,4));
    col *= 0.8 + 0.2*texture(iChannel0, uv).r + 0.0*iMouse.x + 0.0*iDate.w + 0.0*float(iFrame) + 0.0*iTimeDelta;
    fragColor = vec4(col,1.0);
})";
  ShaderProgram p;
  const auto r = p.compile(src);
  EXPECT_TRUE(r.ok) << r.summary();
}

TEST(ShaderSource, BrokenShaderIsSkippedWithTheDriverMessage) {
  std::vector<ShaderEntry> shaders = {
      parseShaderText(
          "good", "void mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / 32.0, 0.3, 0.6, 1.0); }"),
      parseShaderText("bad", "void mainImage(out vec4 c, in vec2 f) {\n c = nope;\n}")};
  ShaderImageSource source(shaders, 32);
  pmg::Rng rng(0);
  EXPECT_TRUE(source.load(0, rng).ok());
  const auto bad = source.load(1, rng);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("line 2"), std::string::npos) << bad.error;
}

TEST_F(GlTest, CommonCodeIsSharedAndErrorsStillPointAtUserLines) {
  const ShaderEntry e = parseShaderText("t",
                                        "// common: noise\n"
                                        "void mainImage(out vec4 c, in vec2 f) {\n"
                                        "  float n = fbm(f * 0.05, 4);\n"
                                        "  c = vec4(n, oops, 0.0, 1.0);\n"  // line 4
                                        "}\n");
  EXPECT_NE(e.common.find("float fbm"), std::string::npos);
  ShaderProgram p;
  const auto r = p.compile(e.source, e.common);
  ASSERT_FALSE(r.ok);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].line, 4) << r.log;
  EXPECT_FALSE(r.diagnostics[0].in_common);
}

TEST_F(GlTest, UnknownCommonBlockIsNamedInTheError) {
  const ShaderEntry e = parseShaderText(
      "t", "// common: nosuchblock\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(1.0); }\n");
  ShaderProgram p;
  const auto r = p.compile(e.source, e.common);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.summary().find("nosuchblock"), std::string::npos) << r.summary();
  EXPECT_TRUE(r.diagnostics[0].in_common);
}

TEST(ShaderLibrary, SharedHelpersLiveInCommonBlocksNotInEachShader) {
  for (const auto& e : builtinShaders()) {
    EXPECT_EQ(e.source.find("float hash12("), std::string::npos)
        << e.id << " repeats the noise block";
    EXPECT_EQ(e.source.find("vec3 calcNormal("), std::string::npos)
        << e.id << " repeats the raymarch block";
  }
}

TEST_F(GlTest, KnownShadersMatchTheirReferenceStatistics) {
  // Per-channel mean and std (0..255) at 64x64, iTime = 2, recorded on Mesa llvmpipe;
  // a tolerance leaves room for other drivers' floating-point differences.
  struct Reference {
    const char* id;
    double mean[3], stddev[3];
  };
  const Reference refs[] = {{"fbm_clouds", {164.0, 186.8, 232.3}, {62.0, 46.5, 15.5}},
                            {"kaleido_kaliset", {137.0, 42.4, 5.0}, {23.3, 29.6, 6.0}},
                            {"sdf_spheres", {82.3, 83.3, 88.5}, {39.5, 26.4, 19.0}},
                            {"tile_truchet", {172.0, 180.1, 179.3}, {98.3, 70.0, 34.6}}};
  OffscreenRenderer renderer(64, 64);
  for (const auto& ref : refs) {
    const auto& lib = builtinShaders();
    auto it =
        std::find_if(lib.begin(), lib.end(), [&](const ShaderEntry& e) { return e.id == ref.id; });
    ASSERT_NE(it, lib.end()) << ref.id;
    ShaderProgram p;
    ASSERT_TRUE(p.compile(it->source, it->common).ok) << ref.id;
    ShaderInputs in;
    in.time = 2.0f;
    cv::Scalar mean, stddev;
    cv::meanStdDev(renderer.render(p, in), mean, stddev);
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(mean[c], ref.mean[c], 6.0) << ref.id << " channel " << c;
      EXPECT_NEAR(stddev[c], ref.stddev[c], 6.0) << ref.id << " channel " << c;
    }
  }
}
