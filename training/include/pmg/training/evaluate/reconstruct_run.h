// Torch-free entry point of `pmg reconstruct`.
#pragma once
#include <cstdint>
#include <string>

#include "pmg/base/clip.h"

namespace pmg::training {

/// What a reconstruction run produced.
struct ReconstructSummary {
  double mean_loss = 0.0;  ///< over masked patches
  std::string figure;      ///< path of figure.png
};

/// Loads the run's model, resizes/crops `clip` to the model's frames and size if needed
/// (frames sampled evenly), masks it with tube masking (`mask_ratio`, `seed`) and writes
/// the reconstruction files into `out_dir` (see writeReconstruction).
ReconstructSummary reconstructWithRun(const std::string& run_dir, const std::string& checkpoint,
                                      const Clip& clip, double mask_ratio, uint64_t seed,
                                      const std::string& out_dir);

}  // namespace pmg::training
