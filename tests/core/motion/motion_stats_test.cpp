#include <gtest/gtest.h>

#include "pmg/motion/clip_generator.h"
#include "test_images.h"

using namespace pmg;

TEST(MotionStats, IdentityHasNoMotion) {
  const auto g = generateClipFromImage(presetConfig("identity"), test::texturedImage(), 0, 0);
  EXPECT_EQ(g.stats.mean_frame_difference, 0.0);
  EXPECT_EQ(g.stats.mean_patch_displacement, 0.0);
  EXPECT_EQ(g.stats.frame_difference.size(), 15u);
}

TEST(MotionStats, SlidingWindowDisplacementMatchesItsPath) {
  const auto g = generateClipFromImage(presetConfig("sliding_window"), test::texturedImage(), 0, 3);
  const auto& p = g.program.parameters;
  const double dx = double(p["end"][0]) - double(p["start"][0]),
               dy = double(p["end"][1]) - double(p["start"][1]);
  // Window moves (dx, dy)/15 px per step in the source; the frame shows it 2x enlarged.
  const double expected = std::hypot(dx, dy) / 15.0 * 2.0;
  EXPECT_NEAR(g.stats.mean_patch_displacement, expected, 1e-6);
  EXPECT_GT(g.stats.mean_frame_difference, 0.0);
}

TEST(MotionStats, PhotometricTransformsMoveNoPatch) {
  const auto g = generateClipFromImage(presetConfig("color_jitter"), test::texturedImage(), 0, 1);
  EXPECT_EQ(g.stats.mean_patch_displacement, 0.0);
  EXPECT_GT(g.stats.mean_frame_difference, 0.0);
}

TEST(MotionStats, StrongerRotationMeansMoreDisplacement) {
  PmgConfig a = presetConfig("affine"), b = a;
  a.params.rotation_deg = {2, 2};
  b.params.rotation_deg = {10, 10};
  const auto ga = generateClipFromImage(a, test::texturedImage(), 0, 0);
  const auto gb = generateClipFromImage(b, test::texturedImage(), 0, 0);
  EXPECT_GT(gb.stats.mean_patch_displacement, 3.0 * ga.stats.mean_patch_displacement);
}
