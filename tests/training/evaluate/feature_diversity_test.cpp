#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "pmg/motion/motion_program.h"
#include "pmg/motion/rasterizer.h"
#include "pmg/training/evaluate/feature_diversity.h"

using namespace pmg;

namespace {

cv::Mat picture(int variant) {
  cv::Mat img(64, 64, CV_8UC3);
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x)
      img.at<cv::Vec3b>(y, x) =
          cv::Vec3b(uchar((x * (variant + 1) * 7) % 256), uchar((y * (variant + 3) * 5) % 256),
                    uchar(((x + y) * (variant + 2)) % 256));
  return img;
}

}  // namespace

TEST(FeatureDiversity, VariedClipsAreMoreDiverseThanCopiesOfOne) {
  PmgConfig c = presetConfig("paper-best");
  c.frames = 8;
  c.size = 64;
  std::vector<Clip> varied, copies;
  for (int i = 0; i < 24; ++i) {
    Rng rng(1, uint64_t(i));
    varied.push_back(rasterize(drawMotionProgram(c, rng), picture(i)));
  }
  for (int i = 0; i < 24; ++i) copies.push_back(varied.front());
  const auto a = training::featureDiversity(varied, "", 0);
  const auto b = training::featureDiversity(copies, "", 0);
  EXPECT_EQ(a.clips, 24);
  EXPECT_EQ(a.dims, 64);
  EXPECT_GT(a.logdet_per_dim, b.logdet_per_dim + 3.0);  // copies: only the 1e-6 floor is left
  EXPECT_NEAR(b.logdet_per_dim, std::log(1e-6), 0.5);
  EXPECT_THROW(training::featureDiversity({varied.front()}, "", 0), std::invalid_argument);
}
