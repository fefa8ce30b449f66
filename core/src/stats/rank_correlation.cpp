#include "pmg/stats/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"

namespace pmg {
inline namespace stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2 || y.size() != n) return kNaN;
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / double(n);
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / double(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

double mean(const std::vector<double>& v) {
  return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

/// The p-quantile of sorted `v` (linear interpolation).
double quantile(const std::vector<double>& v, double p) {
  if (v.empty()) return kNaN;
  const double pos = p * double(v.size() - 1);
  const size_t i = size_t(std::floor(pos));
  const double f = pos - double(i);
  return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

}  // namespace

std::vector<double> averageRanks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double r = 0.5 * double(i + j) + 1.0;  // ranks i+1..j+1 share their average
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) return kNaN;
  return pearson(averageRanks(x), averageRanks(y));
}

double kendallTau(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2 || y.size() != n) return kNaN;
  double concordant = 0, discordant = 0, ties_x = 0, ties_y = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0 && dy == 0) continue;
      if (dx == 0) {
        ++ties_x;
      } else if (dy == 0) {
        ++ties_y;
      } else {
        (dx * dy > 0 ? concordant : discordant) += 1;
      }
    }
  const double denom =
      std::sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y));
  return denom > 0 ? (concordant - discordant) / denom : kNaN;
}

RankAgreement rankAgreement(const std::vector<std::vector<double>>& samples,
                            const std::vector<double>& reference, int resamples, uint64_t seed) {
  RankAgreement a;
  a.cells = samples.size();
  std::vector<double> means;
  for (const auto& s : samples) means.push_back(mean(s));
  a.spearman = spearman(means, reference);
  a.kendall = kendallTau(means, reference);
  Rng rng(streamSeed(seed, Stream::Bootstrap));
  std::vector<double> rhos, taus;
  for (int b = 0; b < resamples; ++b) {
    std::vector<double> m;
    for (const auto& s : samples) {
      double sum = 0;
      for (size_t i = 0; i < s.size(); ++i)
        sum += s[size_t(rng.uniformInt(0, int64_t(s.size()) - 1))];
      m.push_back(s.empty() ? kNaN : sum / double(s.size()));
    }
    const double rho = spearman(m, reference), tau = kendallTau(m, reference);
    if (std::isnan(rho) || std::isnan(tau)) continue;
    rhos.push_back(rho);
    taus.push_back(tau);
  }
  std::sort(rhos.begin(), rhos.end());
  std::sort(taus.begin(), taus.end());
  a.resamples = int(rhos.size());
  a.spearman_lo = quantile(rhos, 0.025);
  a.spearman_hi = quantile(rhos, 0.975);
  a.kendall_lo = quantile(taus, 0.025);
  a.kendall_hi = quantile(taus, 0.975);
  return a;
}

}  // namespace stats
}  // namespace pmg
