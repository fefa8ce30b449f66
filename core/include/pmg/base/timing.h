// Small timing helpers for benchmarks: a steady clock, elapsed seconds, medians.
#pragma once
#include <algorithm>
#include <chrono>
#include <vector>

namespace pmg {
inline namespace base {

using Clock = std::chrono::steady_clock;

/// Seconds elapsed since `start`.
inline double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Median of a sample (0 for an empty one); benchmarks on noisy machines report it.
inline double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
  return values[values.size() / 2];
}

}  // namespace base
}  // namespace pmg
