// VideoMAE pre-training model in LibTorch, as the official implementation:
// Conv3d tube embedding, fixed sin-cos positions, pre-norm blocks (LN eps 1e-6,
// exact GELU, qkv without bias plus q_bias/v_bias), encoder on visible tokens,
// bias-free encoder_to_decoder, mask token, decoder, head on masked tokens.
// Include only from training sources: it pulls in torch/torch.h.
#pragma once
#include <torch/torch.h>

#include "pmg/training/model/videomae_config.h"

namespace pmg::training {

/// Multi-head self-attention with qkv bias split as (q_bias, 0, v_bias).
struct AttentionImpl : torch::nn::Module {
  AttentionImpl(int dim, int heads);
  torch::Tensor forward(const torch::Tensor& x);
  int heads;
  torch::nn::Linear qkv{nullptr}, proj{nullptr};
  torch::Tensor q_bias, v_bias;
};
TORCH_MODULE(Attention);

/// Pre-norm transformer block; `drop_path` > 0 drops each residual branch per sample while
/// training (stochastic depth; fine-tuning only, as VideoMAE).
struct BlockImpl : torch::nn::Module {
  BlockImpl(int dim, int heads, double mlp_ratio);
  torch::Tensor forward(torch::Tensor x);
  double drop_path = 0.0;
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  Attention attn{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Block);

/// Fixed sinusoid position table (1, n, dim), as VideoMAE's get_sinusoid_encoding_table.
torch::Tensor sinusoidTable(int n, int dim);

/// The pre-training model.
struct VideoMaeImpl : torch::nn::Module {
  explicit VideoMaeImpl(const VideoMaeConfig& config);
  /// video: (B, 3, T, H, W) normalised; mask: (B, N) bool, true = masked. decode: the
  /// tokens the decoder reconstructs (VideoMAE V2 dual masking; a subset of mask with the same
  /// count per sample), undefined = every masked token. Returns predictions for them,
  /// (B, N_decoded, patchValues()).
  torch::Tensor forward(const torch::Tensor& video, const torch::Tensor& mask,
                        const torch::Tensor& decode = {});
  VideoMaeConfig config;
  torch::nn::Conv3d patch_embed{nullptr};
  torch::Tensor pos_enc, pos_dec, mask_token;
  torch::nn::ModuleList encoder_blocks, decoder_blocks;
  torch::nn::LayerNorm encoder_norm{nullptr}, decoder_norm{nullptr};
  torch::nn::Linear encoder_to_decoder{nullptr}, head{nullptr};
};
TORCH_MODULE(VideoMae);

/// Tube mask (B, N) bool: each sample masks the same int(ratio * tokens per frame)
/// spatial positions in every temporal slice.
torch::Tensor tubeMask(const VideoMaeConfig& c, int batch, double ratio, torch::Generator& gen);

/// Patchifies a video in [0, 1] (B, 3, T, H, W) into (B, N, tubelet*patch*patch, 3).
torch::Tensor patchify(const torch::Tensor& video01, const VideoMaeConfig& c);

/// Reconstruction targets (B, N, patchValues()): per tube and channel normalised
/// ((x - mean) / (unbiased std + 1e-6)) or raw pixels.
torch::Tensor reconstructionTargets(const torch::Tensor& video01, const VideoMaeConfig& c,
                                    bool normalize);

/// MSE between predictions and the targets of the masked tokens.
torch::Tensor maskedLoss(const torch::Tensor& prediction, const torch::Tensor& targets,
                         const torch::Tensor& mask);

/// ImageNet normalisation of a (B, 3, T, H, W) video in [0, 1].
torch::Tensor imagenetNormalize(const torch::Tensor& video01);

}  // namespace pmg::training
