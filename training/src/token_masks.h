// Token masks of a training batch: tube masking (VideoMAE) or motion-guided masking that carries
// the first slice's masked tokens along each clip's exact motion (motion_mask.h).
#pragma once

#include <torch/torch.h>

#include <string>

#include "pmg/training/clip_loader.h"
#include "pmg/training/videomae_config.h"

namespace pmg::training {

/// Motion masks of a loader batch, (B, N) bool on the CPU, and how many clips had no motion
/// program (real videos), which got a tube mask of the same count instead. A mixed clip follows
/// the motion of its larger component. Deterministic by (seed, sample index).
struct BatchMasks {
  torch::Tensor mask;
  int tube_fallbacks = 0;
};
BatchMasks motionMasks(const LoaderBatch& batch, const VideoMaeConfig& mc, double ratio,
                       uint64_t seed, long first_sample);

/// VideoMAE V2's decoder mask ratio for running-cell masking: half the masked tokens decoded.
constexpr double kRunningCellRatio = 0.5;

/// Running-cell decoder masks (B, N) bool on the CPU for the encoder masks `mask` (B, N):
/// the tokens the decoder reconstructs, the same count per sample, a subset of `mask`
/// (decoder_mask.h). Deterministic by (seed, sample index).
torch::Tensor runningCellMasks(const torch::Tensor& mask, const VideoMaeConfig& mc, uint64_t seed,
                               long first_sample);

/// Throws std::invalid_argument naming `key` unless `kind` is tube, motion or running-cell.
void checkMaskKind(const std::string& kind, const std::string& key);

}  // namespace pmg::training
