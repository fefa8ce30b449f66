// Seeded, platform-independent random numbers. std:: distributions are
// implementation-defined, so every draw here is computed by our own code:
// the same (seed, stream) gives the same numbers on every machine.
#pragma once
#include <cstdint>

namespace pmg {
inline namespace base {

/// Mixes a 64-bit value (SplitMix64 finaliser); used to derive stream seeds.
uint64_t mix64(uint64_t x);

/// Small, fast generator (xoshiro256**), seeded by SplitMix64 from (seed, stream).
class Rng {
 public:
  /// Generator for sample `stream` of a run seeded with `seed`.
  explicit Rng(uint64_t seed, uint64_t stream = 0);

  /// Next raw 64-bit value.
  uint64_t next();
  /// Uniform double in [0, 1).
  double uniform();
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi);
  /// Uniform integer in [lo, hi] (inclusive).
  int64_t uniformInt(int64_t lo, int64_t hi);
  /// True with probability p.
  bool bernoulli(double p);
  /// Standard normal draw (Box-Muller, no cached second value).
  double normal();
  /// Gamma(shape, 1) draw (Marsaglia-Tsang).
  double gamma(double shape);
  /// Beta(a, b) draw via two gammas.
  double beta(double a, double b);

 private:
  uint64_t s_[4];
};

}  // namespace base
}  // namespace pmg
