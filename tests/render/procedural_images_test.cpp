#include <gtest/gtest.h>

#include "pmg/render/fractaldb.h"
#include "pmg/render/shader_filter.h"
#include "pmg/render/visual_atom.h"

using namespace pmg::render;

TEST(FractalDb, CategoryPassesFillRateAndIsDeterministic) {
  FractalSearchOptions o;
  o.points = 20000;
  o.test_size = 256;
  const auto a = searchFractalCategory(7, 3, o);
  const auto b = searchFractalCategory(7, 3, o);
  EXPECT_GE(a.fill_rate, 0.2);
  ASSERT_EQ(a.maps.size(), b.maps.size());
  EXPECT_GE(a.maps.size(), 2u);
  EXPECT_LE(a.maps.size(), 7u);
  EXPECT_DOUBLE_EQ(a.maps[0].a, b.maps[0].a);
  double p = 0;
  for (const auto& m : a.maps) p += m.p;
  EXPECT_NEAR(p, 1.0, 1e-9);
}

TEST(FractalDb, InstancesDifferByWeightAndFlip) {
  FractalSearchOptions o;
  o.points = 20000;
  o.test_size = 256;
  const auto s = searchFractalCategory(1, 0, o);
  const cv::Mat i0 = renderFractalInstance(s, 0, 128, 20000);
  const cv::Mat i0b = renderFractalInstance(s, 0, 128, 20000);
  const cv::Mat flipped = renderFractalInstance(s, 2, 128, 20000);  // horizontal flip of instance 0
  const cv::Mat perturbed = renderFractalInstance(s, 4, 128, 20000);
  EXPECT_EQ(cv::norm(i0, i0b, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::countNonZero(i0.reshape(1)), 100);
  EXPECT_GT(cv::norm(i0, perturbed, cv::NORM_L1), 0.0);
  cv::Mat back;
  cv::flip(flipped, back, 1);
  // Same points, same-shape stamps mirrored: occupancy matches closely.
  EXPECT_NEAR(cv::countNonZero(back.reshape(1)), cv::countNonZero(i0.reshape(1)),
              cv::countNonZero(i0.reshape(1)) * 0.1);
}

TEST(VisualAtom, ParametersInReferenceRangesAndDeterministic) {
  for (long c = 0; c < 50; ++c) {
    const auto p = drawVisualAtomCategory(3, c);
    EXPECT_GE(p.vertices, 200);
    EXPECT_LE(p.vertices, 1000);
    EXPECT_GE(p.orbits, 1);
    EXPECT_LE(p.orbits, 200);
    EXPECT_LE(p.noise, 4.0);
    EXPECT_LE(p.freq1, 20);
    if (p.freq1 != 0) {
      EXPECT_NE(p.freq1, p.freq2);
    }
  }
  const auto cat = drawVisualAtomCategory(3, 1);
  const cv::Mat a = renderVisualAtom(cat, 3, 0, 256), b = renderVisualAtom(cat, 3, 0, 256);
  EXPECT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::countNonZero(a.reshape(1)), 200);
  EXPECT_GT(cv::norm(a, renderVisualAtom(cat, 3, 1, 256), cv::NORM_L1), 0.0);
}
