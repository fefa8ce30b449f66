// Pins each transform's behaviour (issue "PMG engine", item 8).
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "pmg/motion/clip_generator.h"
#include "pmg/motion/rasterizer.h"
#include "test_images.h"

using namespace pmg;

namespace {

GeneratedClip make(const PmgConfig& c, long index = 0, const cv::Mat& second = cv::Mat()) {
  return generateClipFromImage(c, test::texturedImage(), 21, index, second);
}

double meanAbs(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  const cv::Scalar m = cv::mean(d);
  return (m[0] + m[1] + m[2]) / 3;
}

double meanIntensity(const cv::Mat& rgb) {
  const cv::Scalar m = cv::mean(rgb);
  return (m[0] + m[1] + m[2]) / 3;
}

}  // namespace

TEST(Transforms, IdentityFramesEqualTheSource) {
  const auto g = make(presetConfig("identity"));
  const cv::Mat src = canonicalSquare(test::texturedImage(), 224);
  for (int t = 0; t < g.clip.frames; ++t) EXPECT_EQ(meanAbs(g.clip.frame(t), src), 0.0) << t;
}

TEST(Transforms, SlidingWindowFrameIsTheCropAtTheReportedPosition) {
  const auto g = make(presetConfig("sliding_window"), 4);
  const cv::Mat src = canonicalSquare(test::texturedImage(), 224);
  const auto& p = g.program.parameters;
  const double side = p["window"];
  for (int k : {0, 7, 15}) {
    const double a = k / 15.0;
    const double x = double(p["start"][0]) + a * (double(p["end"][0]) - double(p["start"][0]));
    const double y = double(p["start"][1]) + a * (double(p["end"][1]) - double(p["start"][1]));
    cv::Mat crop;
    // Reference: the window cut from the source and resized with the same bilinear filter.
    const cv::Matx23d m(224.0 / side, 0, -224.0 / side * x, 0, 224.0 / side, -224.0 / side * y);
    cv::warpAffine(src, crop, m, cv::Size(224, 224), cv::INTER_LINEAR);
    EXPECT_LT(meanAbs(g.clip.frame(k), crop), 0.5) << k;
  }
}

TEST(Transforms, ZoomWindowAreaIsMonotoneInItsDirection) {
  for (long i = 0; i < 20; ++i) {
    const auto g = make(presetConfig("zoom"), i);
    const bool zoom_in = g.program.parameters["direction"] == "in";
    for (int t = 1; t < 16; ++t) {
      const double side_prev = 224.0 / g.program.geometry[t - 1](0, 0),
                   side = 224.0 / g.program.geometry[t](0, 0);
      if (zoom_in)
        EXPECT_LT(side, side_prev) << i << " " << t;  // window shrinks: content grows
      else
        EXPECT_GT(side, side_prev) << i << " " << t;
    }
  }
}

TEST(Transforms, FadeOutDimsToBlackAndFadeInReverses) {
  PmgConfig c = presetConfig("fade");
  c.params.fade_in_probability = 0.0;
  const auto out = make(c);
  c.params.fade_in_probability = 1.0;
  const auto in = make(c);
  for (int t = 1; t < 16; ++t) {
    EXPECT_LE(meanIntensity(out.clip.frame(t)), meanIntensity(out.clip.frame(t - 1)));
    EXPECT_GE(meanIntensity(in.clip.frame(t)), meanIntensity(in.clip.frame(t - 1)));
  }
  EXPECT_LT(meanIntensity(out.clip.frame(15)), 1.0);
  EXPECT_LT(meanIntensity(in.clip.frame(0)), 1.0);
  EXPECT_LT(meanAbs(in.clip.frame(15), out.clip.frame(0)), 1.0);
}

TEST(Transforms, GeometricRecursiveAndComposedAgreeInTheInteriorAndComposedIsTheKthPower) {
  for (const char* name : {"affine", "perspective"}) {
    PmgConfig c = presetConfig(name);
    const auto rec = make(c, 2);
    c.mode = RecursionMode::Composed;
    const auto com = make(c, 2);
    const cv::Mat src = canonicalSquare(test::texturedImage(), 224);
    for (int k : {3, 8}) {
      cv::Mat expected;
      cv::warpPerspective(src, expected, cv::Mat(com.program.geometry[k]), cv::Size(224, 224),
                          cv::INTER_LINEAR);
      EXPECT_LT(meanAbs(com.clip.frame(k), expected), 0.5) << name << " " << k;
      // Same geometry: the central region agrees up to resampling blur.
      const cv::Rect centre(80, 80, 64, 64);
      EXPECT_LT(meanAbs(rec.clip.frame(k)(centre), com.clip.frame(k)(centre)), 12.0)
          << name << " " << k;
    }
  }
}

TEST(Transforms, ColorJitterStaysInRangeAndMovesInTheSampledDirection) {
  PmgConfig c = presetConfig("color_jitter");
  c.params.contrast = {0, 0};
  c.params.saturation = {0, 0};
  c.params.hue = {0, 0};
  c.params.brightness = {0.1, 0.2};
  for (long i = 0; i < 10; ++i) {
    const auto g = make(c, i);
    const double b = g.program.jitter.brightness;
    const double first = meanIntensity(g.clip.frame(0)), last = meanIntensity(g.clip.frame(15));
    if (b > 1.0)
      EXPECT_GT(last, first) << b;
    else
      EXPECT_LT(last, first) << b;
  }
  // uint8 frames cannot leave [0, 255]; with every factor on, values saturate rather than wrap.
  const auto g = make(presetConfig("color_jitter"), 3);
  double lo, hi;
  cv::minMaxLoc(g.clip.frame(15).reshape(1), &lo, &hi);
  EXPECT_GE(lo, 0.0);
  EXPECT_LE(hi, 255.0);
}

TEST(Transforms, CutMixLeavesEverythingOutsideThePatchUntouched) {
  const cv::Mat base = canonicalSquare(test::texturedImage(), 224);
  const cv::Mat donor = canonicalSquare(test::texturedImage(224, 5), 224);
  const auto g = make(presetConfig("cutmix"), 1, donor);
  for (int t : {0, 9, 15}) {
    cv::Mat outside = cv::Mat::ones(224, 224, CV_8U) * 255;
    const cv::Point pos = g.program.cutmix_position[t];
    outside(cv::Rect(pos.x, pos.y, 112, 112)).setTo(0);
    cv::Mat diff;
    cv::absdiff(g.clip.frame(t), base, diff);
    cv::Mat gray;
    cv::cvtColor(diff, gray, cv::COLOR_RGB2GRAY);
    EXPECT_EQ(cv::countNonZero(gray & outside), 0) << t;
  }
}
