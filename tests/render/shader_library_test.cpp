#include <gtest/gtest.h>

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
    const auto r = p.compile(e.source);
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
