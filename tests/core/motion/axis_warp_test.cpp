#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "pmg/motion/axis_warp.h"
#include "test_images.h"
#include "warp_checks.h"

using namespace pmg;
using test::exactBilinear;
using test::maxAbsDiff;
using test::meanAbsDiff;

namespace {

cv::Matx33d window(double x0, double y0, double side, int size) {
  const double s = size / side;  // forward map: window -> full frame
  return cv::Matx33d(s, 0, -x0 * s, 0, s, -y0 * s, 0, 0, 1);
}

cv::Mat reference(const cv::Mat& src, const cv::Matx33d& m, int size) {
  cv::Mat out;
  const cv::Matx23d a(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2));
  cv::warpAffine(src, out, a, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  return out;
}

}  // namespace

TEST(AxisWarp, RecognisesOnlyScaleAndTranslation) {
  EXPECT_TRUE(isAxisAligned(window(3.5, 7.25, 100, 224)));
  EXPECT_FALSE(isAxisAligned(cv::Matx33d(1, 0.01, 0, 0, 1, 0, 0, 0, 1)));
  EXPECT_FALSE(isAxisAligned(cv::Matx33d(1, 0, 0, 0, 1, 0, 1e-4, 0, 1)));
}

TEST(AxisWarp, IntegerTranslationCopiesPixelsExactly) {
  const cv::Mat src = test::texturedImage(224);
  cv::Mat out;
  warpAxisAligned(src, out, window(10, 20, 224, 224), 224);
  EXPECT_EQ(maxAbsDiff(out(cv::Rect(0, 0, 214, 204)), src(cv::Rect(10, 20, 214, 204))), 0.0);
  // Beyond the source edge the frame is black, as warpAffine's constant border.
  EXPECT_EQ(cv::countNonZero(out(cv::Rect(0, 205, 224, 19)).reshape(1)), 0);
}

TEST(AxisWarp, StaysWithinTwoLevelsOfExactBilinearAndBeatsOpenCvPrecision) {
  const cv::Mat src = test::texturedImage(224);
  const std::vector<std::pair<cv::Matx33d, int>> cases = {
      {window(31.3, 57.8, 67.1, 224), 224},    // zoomed in
      {window(0.4, 100.2, 112, 224), 224},     // sliding window
      {window(-20.5, -10.25, 250, 224), 224},  // partly outside the source
      {window(5, 5, 200, 96), 96}};            // downscaled
  for (const auto& [m, size] : cases) {
    cv::Mat out;
    warpAxisAligned(src, out, m, size);
    const cv::Mat exact = exactBilinear(src, m, size);
    // Weights in 1/128 px: at most ~1.5 levels from exact bilinear, even across the
    // texture's 255-level steps; OpenCV quantises to 1/32 px and is no closer.
    EXPECT_LE(maxAbsDiff(out, exact), 2.0);
    EXPECT_LE(meanAbsDiff(out, exact), meanAbsDiff(reference(src, m, size), exact) + 1e-9);
  }
}

TEST(AxisWarp, TheAvx2AndBaselineKernelsGiveTheSameBytes) {
  const cv::Mat src = test::texturedImage(224, 2);
  for (const auto& m :
       {window(31.3, 57.8, 67.1, 224), window(-20.5, -10.25, 250, 224), window(5, 5, 200, 224),
        window(0.4, 100.2, 112, 224), window(-300, 0, 100, 224), window(210.7, 3.1, 40, 224)}) {
    for (int size : {224, 97, 6, 3}) {
      cv::Mat fast, baseline;
      warpAxisAligned(src, fast, m, size, SimdLevel::Auto);
      warpAxisAligned(src, baseline, m, size, SimdLevel::Baseline);
      EXPECT_EQ(maxAbsDiff(fast, baseline), 0.0) << "size " << size;
    }
  }
}

TEST(AxisWarp, RejectsMapsWithRotation) {
  const cv::Mat src = test::texturedImage(64);
  cv::Mat out;
  EXPECT_THROW(warpAxisAligned(src, out, cv::Matx33d(0.9, 0.1, 0, -0.1, 0.9, 0, 0, 0, 1), 64),
               std::invalid_argument);
}
