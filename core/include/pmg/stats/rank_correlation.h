// Rank agreement between two orderings of the same cells: Spearman's rho and Kendall's tau-b
// (ties handled), and a bootstrap interval over each cell's seeds. Used by experiment reports
// to say whether a small experiment ranks transforms the way a reference (the paper) does.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pmg {
inline namespace stats {

/// Ranks 1..n of `v`, ties sharing their average rank.
std::vector<double> averageRanks(const std::vector<double>& v);

/// Spearman's rho (Pearson correlation of the average ranks); NaN when fewer than 2 values or
/// when one side is constant.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

/// Kendall's tau-b; NaN when fewer than 2 values or when one side is constant.
double kendallTau(const std::vector<double>& x, const std::vector<double>& y);

/// The agreement of cells' mean results with a reference, and its spread over seeds.
struct RankAgreement {
  size_t cells = 0;
  double spearman = 0.0, kendall = 0.0;         ///< of the per-cell means
  double spearman_lo = 0.0, spearman_hi = 0.0;  ///< 2.5 and 97.5 percentiles (bootstrap)
  double kendall_lo = 0.0, kendall_hi = 0.0;
  int resamples = 0;  ///< bootstrap resamples that gave a defined correlation
};

/// `samples[c]` are cell c's results over seeds, `reference[c]` its reference value. The
/// interval resamples each cell's seeds with replacement `resamples` times (deterministic by
/// `seed`); cells with one seed keep their value.
RankAgreement rankAgreement(const std::vector<std::vector<double>>& samples,
                            const std::vector<double>& reference, int resamples = 2000,
                            uint64_t seed = 0);

}  // namespace stats
}  // namespace pmg
