#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "pmg/motion/motion_field.h"
#include "pmg/motion/motion_program.h"
#include "pmg/motion/motion_stats.h"
#include "pmg/motion/rasterizer.h"
#include "test_images.h"

using namespace pmg;

namespace {

/// PSNR of a against b over the pixels where mask != 0.
double maskedPsnr(const cv::Mat& a, const cv::Mat& b, const cv::Mat& mask) {
  cv::Mat fa, fb;
  a.convertTo(fa, CV_32FC3);
  b.convertTo(fb, CV_32FC3);
  cv::Mat d = fa - fb;
  d = d.mul(d);
  const double n = cv::countNonZero(mask);
  if (n == 0) return 99.0;
  const double mse = cv::sum(cv::mean(d, mask))[0] / 3.0;
  return mse <= 1e-12 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

struct Case {
  TransformKind kind;
  RecursionMode mode;
  double min_psnr;
};

}  // namespace

TEST(MotionField, WarpingTheNextFrameBackAlongTheFlowReproducesTheFrameWhereVisible) {
  cv::Mat src = test::texturedImage(128, 3);
  cv::GaussianBlur(src, src, cv::Size(0, 0), 1.2);  // resampling error stays small
  const std::vector<Case> cases = {
      {TransformKind::SlidingWindow, RecursionMode::Recursive, 45.0},
      {TransformKind::Zoom, RecursionMode::Recursive, 45.0},
      {TransformKind::Affine, RecursionMode::Recursive, 32.0},
      {TransformKind::Affine, RecursionMode::Composed, 32.0},
      {TransformKind::Perspective, RecursionMode::Recursive, 30.0},
      {TransformKind::Perspective, RecursionMode::Composed, 30.0},
      {TransformKind::CutMix, RecursionMode::Recursive, 60.0},
      {TransformKind::Objects, RecursionMode::Recursive, 32.0},
  };
  for (const auto& c : cases) {
    PmgConfig config = presetConfig(transformName(c.kind));
    config.mode = c.mode;
    config.frames = 6;
    config.size = 128;
    config.params.objects.camera = "zoom";  // objects: moving shapes over a moving background
    double lowest = 99.0;
    for (int i = 0; i < 3; ++i) {
      Rng rng(8, uint64_t(i));
      const MotionProgram p = drawMotionProgram(config, c.kind, rng);
      const Clip clip = rasterize(p, src);
      MotionField field = motionField(p);
      for (int t = 0; t + 1 < p.frames; ++t) {
        cv::Mat visible = field.visibleAt(t).clone();
        // Edges of occluders resample across the boundary: judge the interior.
        cv::erode(visible, visible, cv::Mat::ones(5, 5, CV_8U));
        const double psnr = maskedPsnr(warpBackAlongFlow(clip, field, t), clip.frame(t), visible);
        lowest = std::min(lowest, psnr);
        EXPECT_GE(psnr, c.min_psnr) << transformName(c.kind) << " " << recursionModeName(c.mode)
                                    << " clip " << i << " step " << t;
      }
    }
    std::printf("  %-14s %-9s lowest PSNR on visible pixels %.1f dB (bound %.0f)\n",
                transformName(c.kind).c_str(), recursionModeName(c.mode).c_str(), lowest,
                c.min_psnr);
  }
}

TEST(MotionField, PhotometricTransformsDoNotMoveAndEverythingStaysVisible) {
  for (auto kind : {TransformKind::Identity, TransformKind::Fade, TransformKind::ColorJitter}) {
    PmgConfig config = presetConfig(transformName(kind));
    config.frames = 4;
    config.size = 32;
    Rng rng(1, 1);
    MotionField f = motionField(drawMotionProgram(config, kind, rng));
    ASSERT_EQ(f.flow.size(), size_t(3 * 32 * 32 * 2));
    EXPECT_EQ(*std::max_element(f.flow.begin(), f.flow.end()), 0.0f);
    EXPECT_EQ(cv::countNonZero(f.visibleAt(2)), 32 * 32);
  }
}

TEST(MotionField, AnOccludedPixelAndAPixelLeavingTheFrameAreMarked) {
  // A fixed square under a square that moves onto it, and a square that leaves the frame.
  MotionProgram p;
  p.kind = TransformKind::Objects;
  p.frames = 3;
  p.size = 64;
  auto scene = std::make_shared<ObjectScene>();
  scene->background = ObjectBackground::Black;
  auto square = [](cv::Point2d at, cv::Point2d v, double h) {
    MovingObject o;
    o.outline = {{-h, -h}, {h, -h}, {h, h}, {-h, h}};
    o.start = at;
    o.velocity = v;
    o.move_to = 2;
    return o;
  };
  scene->objects.push_back(square({20, 20}, {0, 0}, 6));   // still
  scene->objects.push_back(square({8, 20}, {12, 0}, 5));   // slides over it
  scene->objects.push_back(square({58, 50}, {10, 0}, 4));  // leaves on the right
  p.objects = scene;
  MotionField f = motionField(p);
  const cv::Mat vis = f.visibleAt(0), flow = f.flowAt(0);
  EXPECT_EQ(vis.at<uint8_t>(20, 20), 0);  // the still square's centre is covered at t = 1
  EXPECT_EQ(vis.at<uint8_t>(20, 8), 1);   // the moving square's centre is still on top
  EXPECT_NEAR(flow.at<cv::Vec2f>(20, 8)[0], 12.0f, 1e-4);
  EXPECT_EQ(vis.at<uint8_t>(50, 60), 0);                    // gone out of the frame
  EXPECT_NEAR(flow.at<cv::Vec2f>(20, 10)[0], 12.0f, 1e-4);  // the moving square's right part
  EXPECT_EQ(vis.at<uint8_t>(40, 40), 1);                    // background stays
}

TEST(MotionField, ClipStatisticsComeFromTheField) {
  // A pure translation by (2, 1) px per frame: every visible pixel moves sqrt(5) px, content
  // leaves on two sides, and patch centres near those sides stop being trackable.
  MotionProgram p;
  p.kind = TransformKind::Affine;
  p.frames = 5;
  p.size = 64;
  p.step = cv::Matx33d(1, 0, 2, 0, 1, 1, 0, 0, 1);
  p.geometry = {cv::Matx33d::eye()};
  for (int t = 1; t < 5; ++t) p.geometry.push_back(p.step * p.geometry.back());
  MotionStats s;
  addFieldStats(s, p);
  EXPECT_NEAR(s.mean_displacement, std::sqrt(5.0), 1e-6);
  EXPECT_NEAR(s.max_displacement, std::sqrt(5.0), 1e-6);
  EXPECT_GT(s.occluded_fraction, 0.0);
  EXPECT_LT(s.occluded_fraction, 0.25);  // measured on an 8-pixel grid: edge rows weigh more
  EXPECT_GT(s.trackable_fraction, 0.5);
  EXPECT_LT(s.trackable_fraction, 1.0);
  // Nothing moves: nothing is occluded and everything is trackable.
  MotionProgram still = p;
  still.kind = TransformKind::Identity;
  MotionStats z;
  addFieldStats(z, still);
  EXPECT_EQ(z.mean_displacement, 0.0);
  EXPECT_EQ(z.occluded_fraction, 0.0);
  EXPECT_EQ(z.trackable_fraction, 1.0);
}
