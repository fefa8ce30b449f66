// Feature diversity of a set of clips (Yu et al.'s dataset statistic): the log-determinant of the
// covariance of VideoMAE encoder features. Torch-free header.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "pmg/base/clip.h"

namespace pmg::training {

/// The result and what it was measured with.
struct FeatureDiversity {
  double logdet_per_dim = 0.0;  ///< log det(cov + 1e-6 I) / D of the mean-pooled encoder features
  int dims = 0;                 ///< D
  int clips = 0;        ///< N (below D the covariance is rank-deficient: compare like with like)
  std::string encoder;  ///< "random tiny (seed S)" or the run directory
};

/// Encodes the clips (resized to the encoder's frames and size) with all tokens visible, mean-pools
/// the encoder's output and measures the covariance. `run_dir` empty: a fixed random tiny encoder
/// (seeded, 8 x 32 x 32), so numbers are comparable across datasets; else that run's encoder.
FeatureDiversity featureDiversity(const std::vector<Clip>& clips, const std::string& run_dir,
                                  uint64_t seed = 0);

}  // namespace pmg::training
