#include <gtest/gtest.h>

#include <cmath>

#include "pmg/motion/batch_mix.h"

using namespace pmg;

namespace {
std::vector<Clip> constantBatch(int n) {
  std::vector<Clip> batch;
  for (int i = 0; i < n; ++i) {
    Clip c(4, 8, 8);
    std::fill(c.data.begin(), c.data.end(), uint8_t(i * 50));
    batch.push_back(c);
  }
  return batch;
}
}  // namespace

TEST(BatchMix, MixupBlendsPartnerWithLambda) {
  auto batch = constantBatch(4);
  Rng rng(1);
  const auto rec = videoMixup(batch, 1.0, 1.0, rng);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(rec[size_t(i)].partner, 3 - i);
    const double expect =
        rec[size_t(i)].lambda * i * 50 + (1 - rec[size_t(i)].lambda) * (3 - i) * 50;
    EXPECT_NEAR(batch[size_t(i)].data[0], expect, 0.51);
    EXPECT_NEAR(batch[size_t(i)].data.back(), expect, 0.51);  // one lambda for all frames
  }
}

TEST(BatchMix, ProbabilityZeroLeavesClipsUntouched) {
  auto batch = constantBatch(4);
  Rng rng(1);
  videoMixup(batch, 1.0, 0.0, rng);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(batch[size_t(i)].data[0], i * 50);
}

TEST(BatchMix, VideoMixPastesABoxOfTheReportedVolume) {
  auto batch = constantBatch(2);
  Rng rng(4);
  const auto rec = videoMix(batch, 1.0, 1.0, rng);
  const Clip& c = batch[0];
  long from_partner = 0;
  for (uint8_t v : c.data) from_partner += v == 50;
  const double fraction = double(from_partner) / double(c.data.size());
  EXPECT_NEAR(fraction, 1.0 - rec[0].lambda, 1e-9);
  EXPECT_EQ(rec[0].partner, 1);
}

TEST(BatchMix, MixupGivesExactlyTheIntegerFormulaOnEveryByte) {
  // The blend runs 32 bytes at a time where the CPU allows, then byte by byte: both must give
  // round(lambda * a + (1 - lambda) * b) with lambda in 1/32768, half up, on every byte.
  for (auto [probability, simd] : {std::pair{1.0, SimdLevel::Auto}, std::pair{0.5, SimdLevel::Auto},
                                   std::pair{1.0, SimdLevel::Baseline}}) {
    std::vector<Clip> batch, original;
    for (int i = 0; i < 6; ++i) {
      Clip c(3, 9, 7);  // 567 bytes: not a multiple of 32
      for (size_t k = 0; k < c.data.size(); ++k)
        c.data[k] = uint8_t((k * 37 + size_t(i) * 101 + (k * k) % 13) % 256);
      batch.push_back(c);
    }
    original = batch;
    Rng rng(4);
    const auto rec = videoMixup(batch, 0.3, probability, rng, simd);
    for (size_t i = 0; i < batch.size(); ++i) {
      const int w = rec[i].partner >= 0 ? int(std::lround(rec[i].lambda * 32768)) : 32768;
      const Clip& other = original[rec[i].partner >= 0 ? size_t(rec[i].partner) : i];
      for (size_t k = 0; k < batch[i].data.size(); ++k) {
        const int expect = (original[i].data[k] * w + other.data[k] * (32768 - w) + 16384) >> 15;
        ASSERT_EQ(int(batch[i].data[k]), expect) << "clip " << i << " byte " << k;
      }
    }
  }
}
