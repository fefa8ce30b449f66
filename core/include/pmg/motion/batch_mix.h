// Batch-level mixing of pseudo-motion clips: video mixup and VideoMix (paper Table 4).
#pragma once
#include <vector>

#include "pmg/base/clip.h"
#include "pmg/base/rng.h"
#include "pmg/base/simd_level.h"
#include "pmg/config/pmg_config.h"

namespace pmg {
inline namespace motion {

/// What was done to one clip of the batch.
struct MixRecord {
  int partner = -1;     ///< index of the other clip, -1 if unmixed
  double lambda = 1.0;  ///< weight (mixup) or kept volume fraction (VideoMix) of the clip itself
  /// VideoMix: the box taken from the partner (frames [t0, t0 + frames), rows, columns).
  int box_t0 = 0, box_frames = 0, box_y0 = 0, box_rows = 0, box_x0 = 0, box_cols = 0;
};

/// The decisions of videoMixup for a batch of `n` clips, without mixing (the device path
/// mixes with them): the same draws from `rng`, lambdas rounded to the blend's weights.
std::vector<MixRecord> drawVideoMixup(int n, double alpha, double probability, Rng& rng);

/// Video-level mixup: clip i is mixed with clip B-1-i with lambda ~ Beta(alpha, alpha),
/// one lambda for all frames of the pair. Mixes from the originals.
std::vector<MixRecord> videoMixup(std::vector<Clip>& batch, double alpha, double probability,
                                  Rng& rng, SimdLevel simd = SimdLevel::Auto);

/// VideoMix: a spatio-temporal box of clip B-1-i is pasted into clip i; the box
/// volume is 1 - lambda of the clip, lambda ~ Beta(alpha, alpha).
std::vector<MixRecord> videoMix(std::vector<Clip>& batch, double alpha, double probability,
                                Rng& rng);

/// The decisions of videoMix for `n` clips of frames x height x width, without pasting: the
/// same draws from `rng`, boxes in the records.
std::vector<MixRecord> drawVideoMix(int n, int frames, int height, int width, double alpha,
                                    double probability, Rng& rng);

/// The decisions of the config's batch_mix for `n` clips of the config's shape, as
/// applyBatchMix draws them (empty records for none).
std::vector<MixRecord> drawBatchMix(int n, const PmgConfig& config, Rng& rng);

/// Applies the config's batch_mix (none / mixup / videomix).
std::vector<MixRecord> applyBatchMix(std::vector<Clip>& batch, const PmgConfig& config, Rng& rng);

}  // namespace motion
}  // namespace pmg
