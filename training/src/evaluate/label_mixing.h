// Fine-tuning batch mixing (paper Table 15: mixup 0.8, cutmix 1.0, as timm's Mixup):
// soft targets with label smoothing, mixup or cutmix with the batch in reverse order.
// Internal to the training module (pulls in torch).
#pragma once
#include <torch/torch.h>

#include "pmg/base/rng.h"

namespace pmg::training {

/// Mixing settings; an alpha of 0 turns that kind off.
struct LabelMixing {
  double mixup_alpha = 0.0;
  double cutmix_alpha = 0.0;
  double switch_prob = 0.5;  ///< chance of cutmix when both are on
  double smoothing = 0.1;
};

/// Label-smoothed one-hot targets (B, classes).
torch::Tensor smoothTargets(const torch::Tensor& labels, int classes, double smoothing);

/// Mixes `video` (B, C, T, H, W) in place with its reversed batch and returns the soft
/// targets (B, classes). Cutmix pastes one box in every frame; lambda is the kept area.
torch::Tensor mixBatch(torch::Tensor& video, const torch::Tensor& labels, int classes,
                       const LabelMixing& mixing, Rng& rng);

/// Cross-entropy against soft targets, averaged over the batch.
torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets);

}  // namespace pmg::training
