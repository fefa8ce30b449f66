// The validation of pre-training: held-out PMG clips from their own seed stream (no mixing,
// no flips) with a fixed tube mask, and the loss of the trivial predictor on them (each
// patch's mean), so that val_ratio = loss / trivial says how much the model learned.
#pragma once
#include <torch/torch.h>

#include <atomic>
#include <vector>

#include "pmg/config/pmg_config.h"
#include "pmg/training/data/clip_loader.h"
#include "pmg/training/model/videomae.h"
#include "pmg/training/pretrain/trainer.h"

namespace pmg::training {

class HeldOutValidation {
 public:
  /// No validation (defined() is false).
  HeldOutValidation() = default;
  /// o.val_clips clips of `pmg` from `sources` on `device`, their mask and targets (the
  /// trainer checks their size against the memory limit first); when `stop` turns true
  /// while the clips are made, it gives up and stays undefined.
  HeldOutValidation(const PmgConfig& pmg, const std::vector<WeightedSource>& sources,
                    const VideoMaeConfig& mc, const TrainOptions& o, const torch::Device& device,
                    const std::atomic<bool>* stop = nullptr);
  bool defined() const { return video_.defined(); }

  /// The validation loss of `model` (in chunks of `chunk` clips) and the trivial predictor's.
  struct Losses {
    double loss = 0.0, trivial = 0.0;
  };
  Losses evaluate(VideoMae& model, int chunk, bool bf16) const;

 private:
  torch::Tensor video_, mask_, targets_;
  torch::Device device_ = torch::kCPU;
};

}  // namespace pmg::training
