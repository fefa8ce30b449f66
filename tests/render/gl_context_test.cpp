#include <epoxy/gl.h>
#include <gtest/gtest.h>

#include "gl_fixture.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_program.h"

using namespace pmg::render;
using pmg::test::GlTest;

TEST_F(GlTest, ContextIsCore33OrNewer) {
  GLint major = 0, minor = 0;
  glGetIntegerv(GL_MAJOR_VERSION, &major);
  glGetIntegerv(GL_MINOR_VERSION, &minor);
  EXPECT_GE(major * 10 + minor, 33);
  EXPECT_FALSE(context_->renderer().empty());
}

TEST_F(GlTest, RendersFragCoordGradientTopRowFirst) {
  ShaderProgram p;
  const auto r = p.compile(
      "void mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / iResolution.x, f.y / iResolution.y, "
      "0.5, 1.0); }");
  ASSERT_TRUE(r.ok) << r.summary();
  OffscreenRenderer renderer(64, 32);
  const cv::Mat img = renderer.render(p, {});
  ASSERT_EQ(img.size(), cv::Size(64, 32));
  // Shadertoy's y goes up: the top row of the image has the largest green.
  EXPECT_GT(img.at<cv::Vec3b>(0, 0)[1], 240);
  EXPECT_LT(img.at<cv::Vec3b>(31, 0)[1], 10);
  EXPECT_GT(img.at<cv::Vec3b>(0, 63)[0], 240);
  EXPECT_NEAR(img.at<cv::Vec3b>(10, 10)[2], 128, 1);
}

TEST_F(GlTest, CompileErrorsReportUserLineNumbers) {
  ShaderProgram p;
  const std::string src =
      "// line 1\n"
      "void mainImage(out vec4 c, in vec2 f) {\n"
      "  float x = 1.0;\n"
      "  c = vec4(undefined_fn(x));\n"  // line 4
      "}\n";
  const auto r = p.compile(src);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(p.valid());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].line, 4) << r.log;
  EXPECT_NE(r.summary().find("line 4"), std::string::npos);
  EXPECT_NE(r.log.find("undefined_fn"), std::string::npos);
}

TEST(ShaderLog, ParsesMesaAndNvidiaFormats) {
  const auto d = parseInfoLog("0:12(5): error: foo\n0(7) : error C1008: bar\nplain text");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].line, 12);
  EXPECT_EQ(d[1].line, 7);
  EXPECT_EQ(d[2].line, 0);
}

TEST_F(GlTest, TimeAndChannelsReachTheShader) {
  ShaderProgram p;
  ASSERT_TRUE(
      p.compile("void mainImage(out vec4 c, in vec2 f) { c = vec4(fract(iTime), texture(iChannel0, "
                "f / iResolution.xy).r, iChannelResolution[0].x / 512.0, 1.0); }")
          .ok);
  OffscreenRenderer renderer(16, 16);
  ShaderInputs in;
  in.time = 2.25f;
  cv::Mat img = renderer.render(p, in);
  EXPECT_NEAR(img.at<cv::Vec3b>(8, 8)[0], 64, 1);
  EXPECT_NEAR(img.at<cv::Vec3b>(8, 8)[2], 128, 1);  // noise texture is 256 wide
  cv::Mat white(8, 8, CV_8UC3, cv::Scalar(255, 255, 255));
  renderer.setChannelImage(0, white);
  img = renderer.render(p, in);
  EXPECT_EQ(img.at<cv::Vec3b>(8, 8)[1], 255);
  EXPECT_NEAR(img.at<cv::Vec3b>(8, 8)[2], 4, 1);  // 8 / 512 * 255
}

TEST_F(GlTest, AsyncPboReadbackEqualsSyncReadback) {
  ShaderProgram p;
  ASSERT_TRUE(p.compile("void mainImage(out vec4 c, in vec2 f) { c = vec4(0.5 + 0.5 * sin(f.x * "
                        "0.3 + iTime), f.y / iResolution.y, 0.2, 1.0); }")
                  .ok);
  OffscreenRenderer renderer(48, 48, 3);
  std::vector<cv::Mat> sync;
  for (int i = 0; i < 6; ++i) {
    ShaderInputs in;
    in.time = float(i);
    sync.push_back(renderer.render(p, in));
  }
  std::vector<std::pair<int64_t, cv::Mat>> async;
  for (int i = 0; i < 6; ++i) {
    ShaderInputs in;
    in.time = float(i);
    if (auto done = renderer.renderAsync(p, in, i)) async.push_back(*done);
  }
  while (auto done = renderer.collect()) async.push_back(*done);
  ASSERT_EQ(async.size(), 6u);
  for (const auto& [tag, img] : async)
    EXPECT_EQ(cv::norm(img, sync[size_t(tag)], cv::NORM_INF), 0.0) << tag;
}

TEST_F(GlTest, ResolutionAndFrameUniformsReachTheShader) {
  ShaderProgram p;
  ASSERT_TRUE(p.compile("void mainImage(out vec4 c, in vec2 f) { c = vec4(iResolution.x / 255.0, "
                        "iResolution.y / 255.0, "
                        "float(iFrame) / 255.0, 1.0); }")
                  .ok);
  OffscreenRenderer renderer(64, 32);
  ShaderInputs in;
  in.frame = 7;
  const cv::Mat img = renderer.render(p, in);
  const cv::Vec3b px = img.at<cv::Vec3b>(5, 5);
  EXPECT_EQ(px[0], 64);
  EXPECT_EQ(px[1], 32);
  EXPECT_EQ(px[2], 7);
}
