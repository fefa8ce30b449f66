// The fine-tuning model: VideoMAE's encoder on all tokens, mean pooling, fc_norm and a
// linear head (VideoMAE's VisionTransformer with use_mean_pooling).
#pragma once

#include <torch/torch.h>

#include "pmg/training/formats/hf_export.h"
#include "pmg/training/model/videomae.h"

namespace pmg::training {

/// Encoder + mean pooling + fc_norm + linear head.
struct ClassifierImpl : torch::nn::Module {
  /// Wraps `pretrained`; the head starts as normal(0.02) x `head_scale`, zero bias.
  ClassifierImpl(VideoMae pretrained, int classes, double head_scale);
  /// Logits (B, classes) of an ImageNet-normalised video batch (B, C, T, H, W).
  torch::Tensor forward(const torch::Tensor& video);
  /// The head's tensors, in the form the Hugging Face classifier export takes.
  ClassifierHead exportableHead() const;

  VideoMae mae;
  torch::nn::LayerNorm fc_norm{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Classifier);

}  // namespace pmg::training
