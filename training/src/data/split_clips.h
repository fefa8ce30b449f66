// The decoded clips of a dataset split for fine-tuning: decoded once and kept in memory when
// they fit in a budget, else decoded on use (UCF101 at 224 px would need tens of GiB).
// Internal to the training module (pulls in torch).
#pragma once
#include <torch/torch.h>

#include <vector>

#include "pmg/datasets/labeled_videos.h"
#include "pmg/training/model/videomae_config.h"

namespace pmg::training {

/// Views (temporal positions x spatial crops) of each video of a split.
class SplitClips {
 public:
  /// Caches when videos x views x clip bytes <= budget_gib; otherwise checks up front that
  /// every video decodes, so a corrupt file stops the run before training, naming the file.
  SplitClips(const std::vector<LabeledVideo>& videos, const VideoMaeConfig& config, int stride,
             int views, int crops, double budget_gib);
  /// The views of the given videos, uint8 (T, H, W, 3) tensors; decoded in parallel when
  /// not cached.
  std::vector<std::vector<torch::Tensor>> get(const std::vector<int>& indices) const;
  /// Whether the clips are held in memory.
  bool cached() const { return !cache_.empty(); }

 private:
  std::vector<std::vector<torch::Tensor>> decode(const std::vector<int>& indices) const;
  std::vector<LabeledVideo> videos_;
  VideoMaeConfig config_;
  int stride_, views_, crops_;
  std::vector<std::vector<torch::Tensor>> cache_;
};

}  // namespace pmg::training
