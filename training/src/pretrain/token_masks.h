// Token masks of a training batch: tube masking (VideoMAE) or motion-guided masking that carries
// the first slice's masked tokens along each clip's exact motion (motion_mask.h).
#pragma once
#include "pmg/config/train_options.h"

#include <torch/torch.h>

#include <string>

#include "pmg/training/data/clip_loader.h"
#include "pmg/training/model/videomae_config.h"

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

/// Where a step's samples sit in the global batch.
struct StepPlace {
  int rank = 0, world = 1, local_batch = 1;
  int step = 0;
  /// Index of this rank's first sample among all samples of the run.
  long firstSample() const { return (long(step) * world + rank) * local_batch; }
};

/// A step's token masks on the training device: the encoder's (B, N) and, for running-cell
/// masking, the decoder's tokens (undefined otherwise: every masked token is decoded).
struct StepMasks {
  torch::Tensor mask, decode;
  int tube_fallbacks = 0;  ///< motion masking: clips without a motion program
  /// The tokens reconstructed and covered by the loss.
  const torch::Tensor& decoded() const { return decode.defined() ? decode : mask; }
};

/// The masks of one step by `kind`. Tube: the global batch's mask drawn from `gen` identically
/// on every rank, each taking its slice. Motion: each clip's own mask from its motion program
/// (call before the clips leave `batch`). Running cell: tube, then the decoder's tokens.
StepMasks stepMasks(const std::string& kind, const LoaderBatch& batch, const VideoMaeConfig& mc,
                    uint64_t seed, torch::Generator& gen, const StepPlace& place,
                    const torch::Device& device);

using pmg::checkMaskKind;  ///< (pmg/train_options.h)

}  // namespace pmg::training
