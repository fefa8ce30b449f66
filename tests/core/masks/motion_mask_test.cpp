#include <gtest/gtest.h>

#include <algorithm>

#include "pmg/masks/motion_mask.h"

using namespace pmg;

namespace {

/// A clip whose whole content translates by (dx, dy) px per frame.
MotionProgram translation(double dx, double dy, int frames, int size) {
  MotionProgram p;
  p.kind = TransformKind::Affine;
  p.frames = frames;
  p.size = size;
  p.step = cv::Matx33d(1, 0, dx, 0, 1, dy, 0, 0, 1);
  p.geometry = {cv::Matx33d::eye()};
  for (int t = 1; t < frames; ++t) p.geometry.push_back(p.step * p.geometry.back());
  return p;
}

int masked(const std::vector<uint8_t>& m, int slice, int n) {
  return int(std::count(m.begin() + slice * n, m.begin() + (slice + 1) * n, uint8_t(1)));
}

}  // namespace

TEST(MotionMask, OnATranslationTheMaskShiftsByTheTranslationPerSlice) {
  // 4 px per frame, tubelet 2, patch 8: one token to the right per slice.
  const TokenGrid g{4, 8, 8, 2};
  const MotionProgram p = translation(4, 0, 8, 64);
  Rng rng(5, 0);
  const auto m = motionTokenMask(p, false, g, 0.5, rng);
  ASSERT_EQ(m.size(), size_t(4 * 64));
  for (int s = 0; s < 4; ++s) EXPECT_EQ(masked(m, s, 64), 32) << s;
  for (int s = 1; s < 4; ++s) {
    int followed = 0, carried = 0;
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x + s < 8; ++x) {
        if (!m[size_t(y * 8 + x)]) continue;
        ++carried;
        followed += m[size_t(s * 64 + y * 8 + x + s)];
      }
    EXPECT_EQ(followed, carried) << "slice " << s;  // every masked token moved along
  }
  // Mirrored clips move the other way.
  Rng again(5, 0);
  const auto mirrored = motionTokenMask(p, true, g, 0.5, again);
  int left = 0, total = 0;
  for (int y = 0; y < 8; ++y)
    for (int x = 1; x < 8; ++x)
      if (mirrored[size_t(y * 8 + x)]) {
        ++total;
        left += mirrored[size_t(64 + y * 8 + x - 1)];
      }
  EXPECT_EQ(left, total);
}

TEST(MotionMask, EverySliceAndEverySampleMasksTheSameCount) {
  const TokenGrid g{8, 14, 16, 2};
  PmgConfig c = presetConfig("objects+paper-best");
  for (int i = 0; i < 6; ++i) {
    Rng draw(2, uint64_t(i)), rng(3, uint64_t(i));
    const MotionProgram p = drawMotionProgram(c, draw);
    const auto m = motionTokenMask(p, i % 2 == 1, g, 0.9, rng);
    for (int s = 0; s < 8; ++s) EXPECT_EQ(masked(m, s, 196), 176) << transformName(p.kind) << s;
  }
  Rng rng(1, 1);
  const auto tube = tubeTokenMask(g, 0.75, rng);
  for (int s = 0; s < 8; ++s) EXPECT_EQ(masked(tube, s, 196), 147);
  EXPECT_TRUE(std::equal(tube.begin(), tube.begin() + 196, tube.begin() + 196 * 7));
}
