#include <gtest/gtest.h>

#include <cmath>

#include "pmg/motion/motion_program.h"

using namespace pmg;

namespace {
MotionProgram draw(TransformKind k, uint64_t seed, PmgConfig c = PmgConfig{}) {
  Rng rng(seed, 0);
  return drawMotionProgram(c, k, rng);
}
double windowSide(const cv::Matx33d& g, int size) {
  return size / g(0, 0);
}
}  // namespace

TEST(MotionProgram, ZoomWindowsStayInAppendixDRanges) {
  int zoom_in = 0;
  for (uint64_t s = 0; s < 200; ++s) {
    const auto p = draw(TransformKind::Zoom, s);
    const double first = windowSide(p.geometry.front(), p.size) / p.size;
    const double last = windowSide(p.geometry.back(), p.size) / p.size;
    const double small = std::min(first, last), large = std::max(first, last);
    EXPECT_GE(small, 0.2 - 1e-9);
    EXPECT_LE(small, 0.45 + 1e-9);
    EXPECT_GE(large, 0.55 - 1e-9);
    EXPECT_LE(large, 0.95 + 1e-9);
    zoom_in += first > last;  // window shrinking = zooming in
    // Window stays inside the image in every frame.
    for (const auto& g : p.geometry) {
      const double side = windowSide(g, p.size);
      const double x0 = -g(0, 2) / g(0, 0), y0 = -g(1, 2) / g(1, 1);
      EXPECT_GE(x0, -1e-6);
      EXPECT_LE(x0 + side, p.size + 1e-6);
      EXPECT_GE(y0, -1e-6);
    }
  }
  EXPECT_GT(zoom_in, 70);  // ~50/50
  EXPECT_LT(zoom_in, 130);
}

TEST(MotionProgram, SlidingWindowMovesInManyDirections) {
  int quadrants[4] = {0, 0, 0, 0};
  for (uint64_t s = 0; s < 200; ++s) {
    const auto p = draw(TransformKind::SlidingWindow, s);
    EXPECT_NEAR(windowSide(p.geometry[0], p.size), 112.0, 1e-6);
    const double dx = -p.geometry.back()(0, 2) + p.geometry.front()(0, 2);
    const double dy = -p.geometry.back()(1, 2) + p.geometry.front()(1, 2);
    const double angle = std::atan2(dy, dx);
    quadrants[int((angle + M_PI) / (M_PI / 2)) % 4]++;
    // Diagonal moves exist, unlike MoSI's four directions.
  }
  for (int q : quadrants) EXPECT_GT(q, 20);
}

TEST(MotionProgram, FadeEndsFullyInvisibleOrStartsInvisible) {
  int fade_in = 0;
  for (uint64_t s = 0; s < 100; ++s) {
    const auto p = draw(TransformKind::Fade, s);
    if (p.reversed) {
      ++fade_in;
      EXPECT_DOUBLE_EQ(p.alpha.front(), 0.0);
      EXPECT_DOUBLE_EQ(p.alpha.back(), 1.0);
    } else {
      EXPECT_DOUBLE_EQ(p.alpha.front(), 1.0);
      EXPECT_DOUBLE_EQ(p.alpha.back(), 0.0);
    }
  }
  EXPECT_GT(fade_in, 30);
  EXPECT_LT(fade_in, 70);
}

TEST(MotionProgram, AffineStepIsRecursivePower) {
  const auto p = draw(TransformKind::Affine, 9);
  const double angle = p.parameters["rotation_deg"];
  EXPECT_GE(angle, -15.0);
  EXPECT_LE(angle, 15.0);
  const cv::Matx33d g3 = p.step * p.step * p.step;
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(g3.val[i], p.geometry[3].val[i], 1e-9);
  // The step rotates by the drawn angle (up to the small shear).
  const double a1 = std::atan2(p.step(1, 0), p.step(0, 0)) * 180 / M_PI;
  EXPECT_NEAR(a1, angle, 1.5);
}

TEST(MotionProgram, PerspectiveCornersMoveInwardWithinScale) {
  const auto p = draw(TransformKind::Perspective, 4);
  const double m = 0.05 * 0.5 * p.size;
  for (const auto& c : p.parameters["end_corners"]) {
    const double x = c[0], y = c[1];
    const double cx = std::min(x, p.size - 1 - x), cy = std::min(y, p.size - 1 - y);
    EXPECT_GE(cx, -1e-4);
    EXPECT_LE(cx, m + 1e-4);
    EXPECT_LE(cy, m + 1e-4);
  }
}

TEST(MotionProgram, ColorJitterFactorsFollowRanges) {
  for (uint64_t s = 0; s < 50; ++s) {
    const auto p = draw(TransformKind::ColorJitter, s);
    EXPECT_LE(std::abs(p.jitter.brightness - 1), 0.2 + 1e-12);
    EXPECT_LE(std::abs(p.jitter.contrast - 1), 0.3 + 1e-12);
    EXPECT_LE(std::abs(p.jitter.saturation - 1), 0.2 + 1e-12);
    EXPECT_LE(std::abs(p.jitter.hue), 0.1 + 1e-12);
  }
}

TEST(MotionProgram, TransformSamplingFollowsWeights) {
  PmgConfig c;
  c.transforms = {{TransformKind::Zoom, 3.0}, {TransformKind::Affine, 1.0}};
  int zoom = 0;
  for (uint64_t s = 0; s < 2000; ++s) {
    Rng rng(s, 1);
    zoom += drawMotionProgram(c, rng).kind == TransformKind::Zoom;
  }
  EXPECT_NEAR(zoom / 2000.0, 0.75, 0.04);
}
