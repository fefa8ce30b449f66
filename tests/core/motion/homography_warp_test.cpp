#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "pmg/motion/axis_warp.h"
#include "pmg/motion/homography_warp.h"
#include "pmg/motion/motion_program.h"
#include "pmg/motion/rasterizer.h"
#include "test_images.h"
#include "warp_checks.h"

using namespace pmg;
using test::exactBilinear;
using test::maxAbsDiff;
using test::meanAbsDiff;

namespace {

/// The documented formula, written out plainly: positions in float from the row's map, taps at
/// floor(128 * s + 0.5) / 128, horizontal sums first, one rounding at the end.
cv::Mat fixedPointReference(const cv::Mat& src, const cv::Matx33d& m, int size) {
  const bool projective = m(2, 0) != 0.0 || m(2, 1) != 0.0 || m(2, 2) != 1.0;
  cv::Matx33d inv = m.inv();
  if (!projective) {  // the warp inverts affine maps in closed form
    const double det = m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0);
    const double a = m(1, 1) / det, b = -m(0, 1) / det, c = -m(1, 0) / det, d = m(0, 0) / det;
    inv = cv::Matx33d(a, b, -(a * m(0, 2) + b * m(1, 2)), c, d, -(c * m(0, 2) + d * m(1, 2)), 0, 0,
                      1);
  }
  cv::Mat out(size, size, CV_8UC3);
  auto at = [&](long x, long y, int c) {
    return x < 0 || y < 0 || x >= src.cols || y >= src.rows
               ? 0
               : int(src.at<cv::Vec3b>(int(y), int(x))[c]);
  };
  for (int y = 0; y < size; ++y) {
    const float ax = float(inv(0, 0)), bx = float(inv(0, 1) * y + inv(0, 2));
    const float ay = float(inv(1, 0)), by = float(inv(1, 1) * y + inv(1, 2));
    const float aw = float(inv(2, 0)), bw = float(inv(2, 1) * y + inv(2, 2));
    for (int x = 0; x < size; ++x) {
      float sx = ax * float(x) + bx, sy = ay * float(x) + by;
      if (projective) {
        const float w = aw * float(x) + bw;
        sx /= w;
        sy /= w;
      }
      const long u = long(std::floor(sx * 128 + 0.5f)), v = long(std::floor(sy * 128 + 0.5f));
      const long ix = u >> 7, iy = v >> 7;
      const int fx = int(u & 127), fy = int(v & 127);
      for (int c = 0; c < 3; ++c) {
        const int top = at(ix, iy, c) * (128 - fx) + at(ix + 1, iy, c) * fx;
        const int bottom = at(ix, iy + 1, c) * (128 - fx) + at(ix + 1, iy + 1, c) * fx;
        out.at<cv::Vec3b>(y, x)[c] = uchar((top * (128 - fy) + bottom * fy + 8192) >> 14);
      }
    }
  }
  return out;
}

cv::Mat openCv(const cv::Mat& src, const cv::Matx33d& m, int size) {
  cv::Mat out;
  cv::warpPerspective(src, out, m, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  return out;
}

/// Rotation by `deg` and scale `s` about the centre, plus a shift: a typical PMG affine frame.
cv::Matx33d affine(double deg, double s, double shear, double tx, double ty, int size) {
  const cv::Mat r = cv::getRotationMatrix2D(cv::Point2f(size / 2.0f, size / 2.0f), deg, s);
  return cv::Matx33d(r.at<double>(0, 0), r.at<double>(0, 1) + shear, r.at<double>(0, 2) + tx,
                     r.at<double>(1, 0), r.at<double>(1, 1), r.at<double>(1, 2) + ty, 0, 0, 1);
}

cv::Matx33d perspective(double k, int size) {
  const std::vector<cv::Point2f> from = {
      {0, 0}, {float(size), 0}, {float(size), float(size)}, {0, float(size)}};
  const float d = float(k * size);
  const std::vector<cv::Point2f> to = {{d, 0.5f * d},
                                       {float(size) - 0.3f * d, 0},
                                       {float(size), float(size) - d},
                                       {0.7f * d, float(size)}};
  return cv::Matx33d(cv::getPerspectiveTransform(from, to));
}

std::vector<cv::Matx33d> maps() {
  return {affine(7.3, 1.04, 0.0, 1.7, -2.2, 224),
          affine(-31, 0.83, 0.05, 10.5, 3.25, 224),
          affine(90, 1.0, 0.0, 0.0, 0.0, 224),
          affine(2.1, 1.6, -0.1, -40.2, 15.9, 224),
          perspective(0.05, 224),
          perspective(0.2, 224),
          affine(0.5, 0.5, 0.0, 100.3, 120.7, 224)};  // mostly outside the source
}

}  // namespace

TEST(HomographyWarp, StaysWithinTwoLevelsOfExactBilinearAndBeatsOpenCvPrecision) {
  const cv::Mat src = test::texturedImage(224);
  for (const auto& m : maps()) {
    cv::Mat out;
    warpHomography(src, out, m, 224);
    const cv::Mat exact = exactBilinear(src, m, 224);
    EXPECT_LE(maxAbsDiff(out, exact), 2.0);
    EXPECT_LE(meanAbsDiff(out, exact), meanAbsDiff(openCv(src, m, 224), exact) + 1e-9);
  }
}

TEST(HomographyWarp, ComputesTheDocumentedIntegerFormulaExactly) {
  // The SIMD kernel must give exactly the plain integer formula: that is what makes the output
  // the same on every CPU.
  const cv::Mat src = test::texturedImage(160, 3);
  for (const auto& m : maps()) {
    cv::Mat out;
    warpHomography(src, out, m, 150);
    EXPECT_EQ(maxAbsDiff(out, fixedPointReference(src, m, 150)), 0.0);
  }
}

TEST(HomographyWarp, TheAvx2AndBaselineKernelsGiveTheSameBytes) {
  const cv::Mat src = test::texturedImage(224, 5);
  for (const auto& m : maps()) {
    for (int size : {224, 97, 5}) {
      cv::Mat fast, baseline;
      warpHomography(src, fast, m, size, SimdLevel::Auto);
      warpHomography(src, baseline, m, size, SimdLevel::Baseline);
      EXPECT_EQ(maxAbsDiff(fast, baseline), 0.0) << "size " << size;
    }
  }
}

TEST(HomographyWarp, EqualsTheSeparableWarpOnAxisAlignedMaps) {
  const cv::Mat src = test::texturedImage(224, 1);
  const cv::Matx33d m(224 / 67.1, 0, -31.3 * 224 / 67.1, 0, 224 / 67.1, -57.8 * 224 / 67.1, 0, 0,
                      1);
  cv::Mat a, b;
  warpHomography(src, a, m, 224);
  warpAxisAligned(src, b, m, 224);
  EXPECT_EQ(maxAbsDiff(a, b), 0.0);
}

TEST(HomographyWarp, IsBlackOutsideTheSourceAndBehindTheHorizon) {
  const cv::Mat src(64, 64, CV_8UC3, cv::Scalar(200, 100, 50));
  cv::Mat out;
  warpHomography(src, out, cv::Matx33d(1, 0, 300, 0, 1, 0, 0, 0, 1), 64);  // moved away
  EXPECT_EQ(cv::countNonZero(out.reshape(1)), 0);
  // A projective map whose inverse's denominator 1 - 0.05 x turns negative for x > 20.
  warpHomography(src, out, cv::Matx33d(1, 0, 0, 0, 1, 0, 0.05, 0, 1), 64);
  cv::Mat right = out(cv::Rect(21, 0, 43, 64)).clone();
  EXPECT_EQ(cv::countNonZero(right.reshape(1)), 0);
  EXPECT_GT(cv::countNonZero(out(cv::Rect(0, 0, 12, 64)).clone().reshape(1)), 0);
}

TEST(HomographyWarp, IntegerTranslationCopiesPixelsExactly) {
  const cv::Mat src = test::texturedImage(100, 2);
  cv::Mat out;
  warpHomography(src, out, cv::Matx33d(1, 0, -10, 0, 1, 5, 0, 0, 1.0), 100);
  EXPECT_EQ(maxAbsDiff(out(cv::Rect(0, 5, 90, 95)), src(cv::Rect(10, 0, 90, 95))), 0.0);
}

TEST(HomographyWarp, RasterizedClipsStayCloseToTheOpenCvPathInBothRecursionModes) {
  const cv::Mat src = test::texturedImage(224, 4);
  for (auto kind : {TransformKind::Affine, TransformKind::Perspective}) {
    for (auto mode : {RecursionMode::Recursive, RecursionMode::Composed}) {
      PmgConfig c = presetConfig(transformName(kind));
      c.mode = mode;
      for (int i = 0; i < 4; ++i) {
        Rng rng(11, uint64_t(i));
        const MotionProgram p = drawMotionProgram(c, kind, rng);
        const Clip ours = rasterize(p, src, cv::Mat(), WarpEngine::FixedPoint);
        const Clip theirs = rasterize(p, src, cv::Mat(), WarpEngine::OpenCv);
        for (int t = 0; t < p.frames; ++t) {
          // Both are bilinear; the rest is quantisation (ours 1/128 px, OpenCV 1/32 px),
          // which recursion accumulates over 15 steps.
          EXPECT_GT(cv::PSNR(ours.frame(t), theirs.frame(t)), 30.0)
              << transformName(kind) << " mode " << int(mode) << " clip " << i << " frame " << t;
        }
      }
    }
  }
}
