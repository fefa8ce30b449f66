// Spearman and Kendall against hand-computed values, ties included, and the bootstrap.
#include <gtest/gtest.h>

#include <cmath>

#include "pmg/stats/rank_correlation.h"

namespace pmg {
namespace {

TEST(RankCorrelation, AverageRanksShareTies) {
  EXPECT_EQ(averageRanks({10, 30, 20, 30}), (std::vector<double>{1, 3.5, 2, 3.5}));
}

TEST(RankCorrelation, SpearmanAndKendallMatchHandComputedValues) {
  // One swapped pair of four: rho = 1 - 6 * 2 / (4 * 15) = 0.8; tau = (5 - 1) / 6.
  EXPECT_NEAR(spearman({1, 2, 3, 4}, {1, 3, 2, 4}), 0.8, 1e-12);
  EXPECT_NEAR(kendallTau({1, 2, 3, 4}, {1, 3, 2, 4}), 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(spearman({1, 2, 3}, {30, 20, 10}), -1.0, 1e-12);
  // tau-b with one tie in x: 5 concordant pairs / sqrt(5 * 6).
  EXPECT_NEAR(kendallTau({1, 1, 2, 3}, {1, 2, 3, 4}), 5.0 / std::sqrt(30.0), 1e-12);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));  // a constant side says nothing
  EXPECT_TRUE(std::isnan(kendallTau({1}, {2})));
}

TEST(RankCorrelation, TheBootstrapIntervalWidensWithSeedNoiseAndIsDeterministic) {
  const std::vector<double> reference = {1, 2, 3, 4};
  const std::vector<std::vector<double>> clear = {{10, 10.1}, {20, 20.1}, {30, 30.1}, {40, 40.1}};
  const std::vector<std::vector<double>> noisy = {{0, 50}, {10, 45}, {5, 60}, {20, 40}};
  const auto a = rankAgreement(clear, reference, 500, 1);
  EXPECT_DOUBLE_EQ(a.spearman, 1.0);
  EXPECT_DOUBLE_EQ(a.spearman_lo, 1.0);
  const auto b = rankAgreement(noisy, reference, 500, 1);
  EXPECT_LT(b.spearman_lo, 0.0);
  EXPECT_GT(b.spearman_hi, 0.5);
  const auto again = rankAgreement(noisy, reference, 500, 1);
  EXPECT_EQ(b.spearman_lo, again.spearman_lo);
  EXPECT_EQ(b.kendall_hi, again.kendall_hi);
}

}  // namespace
}  // namespace pmg
