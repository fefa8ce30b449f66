#include "pmg/training/model/videomae.h"

#include <torch/version.h>

#include <cmath>

namespace pmg::training {

namespace F = torch::nn::functional;

AttentionImpl::AttentionImpl(int dim, int h) : heads(h) {
  qkv =
      register_module("qkv", torch::nn::Linear(torch::nn::LinearOptions(dim, dim * 3).bias(false)));
  proj = register_module("proj", torch::nn::Linear(dim, dim));
  q_bias = register_parameter("q_bias", torch::zeros({dim}));
  v_bias = register_parameter("v_bias", torch::zeros({dim}));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
  const auto B = x.size(0), N = x.size(1), C = x.size(2);
  const auto bias = torch::cat({q_bias, torch::zeros_like(v_bias), v_bias});
  auto qkv_out =
      F::linear(x, qkv->weight, bias).reshape({B, N, 3, heads, C / heads}).permute({2, 0, 3, 1, 4});
  auto q = qkv_out[0], k = qkv_out[1], v = qkv_out[2];
#if TORCH_VERSION_MAJOR >= 2
  // Fused attention (flash / memory-efficient kernels on GPU); scale 1/sqrt(head dim).
  auto heads_out = at::scaled_dot_product_attention(q, k, v);
#else
  // LibTorch 1.13 has no fused attention: the same computation, written out.
  const double scale = 1.0 / std::sqrt(double(C / heads));
  auto attn = torch::softmax(torch::matmul(q * scale, k.transpose(-2, -1)), -1);
  auto heads_out = torch::matmul(attn, v);
#endif
  return proj(heads_out.transpose(1, 2).reshape({B, N, C}));
}

BlockImpl::BlockImpl(int dim, int heads, double mlp_ratio) {
  norm1 =
      register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6)));
  attn = register_module("attn", Attention(dim, heads));
  norm2 =
      register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6)));
  const int hidden = int(dim * mlp_ratio);
  fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
  fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
}

namespace {

/// Stochastic depth: zeroes a residual branch for whole samples with probability p and
/// rescales the kept ones by 1 / (1 - p).
torch::Tensor dropPath(const torch::Tensor& branch, double p) {
  const double keep = 1.0 - p;
  auto mask = torch::empty({branch.size(0), 1, 1}, branch.options()).bernoulli_(keep);
  return branch * mask / keep;
}

}  // namespace

torch::Tensor BlockImpl::forward(torch::Tensor x) {
  const bool drop = is_training() && drop_path > 0.0;
  auto a = attn(norm1(x));
  x = x + (drop ? dropPath(a, drop_path) : a);
  auto m = fc2(F::gelu(fc1(norm2(x))));  // exact (erf) GELU
  return x + (drop ? dropPath(m, drop_path) : m);
}

torch::Tensor sinusoidTable(int n, int dim) {
  auto pos = torch::arange(n, torch::kFloat64).unsqueeze(1);
  auto i = torch::arange(dim, torch::kFloat64);
  auto angle = pos / torch::pow(10000.0, 2.0 * torch::floor(i / 2) / dim);
  auto table = torch::where(i.remainder(2) == 0, torch::sin(angle), torch::cos(angle));
  return table.to(torch::kFloat32).unsqueeze(0);
}

VideoMaeImpl::VideoMaeImpl(const VideoMaeConfig& c) : config(c) {
  validate(c);
  patch_embed = register_module(
      "patch_embed", torch::nn::Conv3d(torch::nn::Conv3dOptions(c.channels, c.encoder_dim,
                                                                {c.tubelet, c.patch, c.patch})
                                           .stride({c.tubelet, c.patch, c.patch})));
  pos_enc = register_buffer("pos_enc", sinusoidTable(c.tokens(), c.encoder_dim));
  pos_dec = register_buffer("pos_dec", sinusoidTable(c.tokens(), c.decoder_dim));
  encoder_blocks = register_module("encoder_blocks", torch::nn::ModuleList());
  for (int i = 0; i < c.encoder_depth; ++i)
    encoder_blocks->push_back(Block(c.encoder_dim, c.encoder_heads, c.mlp_ratio));
  encoder_norm = register_module(
      "encoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.encoder_dim}).eps(1e-6)));
  encoder_to_decoder = register_module(
      "encoder_to_decoder",
      torch::nn::Linear(torch::nn::LinearOptions(c.encoder_dim, c.decoder_dim).bias(false)));
  mask_token = register_parameter("mask_token", torch::zeros({1, 1, c.decoder_dim}));
  decoder_blocks = register_module("decoder_blocks", torch::nn::ModuleList());
  for (int i = 0; i < c.decoder_depth; ++i)
    decoder_blocks->push_back(Block(c.decoder_dim, c.decoder_heads, c.mlp_ratio));
  decoder_norm = register_module(
      "decoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.decoder_dim}).eps(1e-6)));
  head = register_module("head", torch::nn::Linear(c.decoder_dim, c.patchValues()));
  // Official init: xavier-uniform linears with zero bias, trunc-normal(0.02) mask token.
  for (auto& m : modules(false)) {
    if (auto* lin = m->as<torch::nn::Linear>()) {
      torch::nn::init::xavier_uniform_(lin->weight);
      if (lin->bias.defined()) torch::nn::init::zeros_(lin->bias);
    }
  }
  torch::NoGradGuard g;
  mask_token.normal_(0.0, 0.02).clamp_(-0.04, 0.04);
}

torch::Tensor VideoMaeImpl::forward(const torch::Tensor& video, const torch::Tensor& mask,
                                    const torch::Tensor& decode) {
  const auto B = video.size(0);
  auto x = patch_embed(video).flatten(2).transpose(1, 2);  // (B, N, D) on all tokens
  x = x + pos_enc.to(x.dtype());
  const auto D = x.size(2);
  const auto keep = ~mask;
  auto visible = x.index({keep}).reshape({B, -1, D});
  for (auto& blk : *encoder_blocks) visible = blk->as<Block>()->forward(visible);
  visible = encoder_to_decoder(encoder_norm(visible));
  const auto Dd = visible.size(2);
  auto pos = pos_dec.expand({B, -1, -1}).to(visible.dtype());
  auto pos_vis = pos.index({keep}).reshape({B, -1, Dd});
  auto pos_mask = pos.index({decode.defined() ? decode : mask}).reshape({B, -1, Dd});
  auto full = torch::cat({visible + pos_vis, mask_token + pos_mask}, 1);
  for (auto& blk : *decoder_blocks) full = blk->as<Block>()->forward(full);
  const auto masked = pos_mask.size(1);
  return head(decoder_norm(full.narrow(1, full.size(1) - masked, masked)));
}

torch::Tensor tubeMask(const VideoMaeConfig& c, int batch, double ratio, torch::Generator& gen) {
  const int per_frame = c.tokensPerFrame();
  const int masked = int(ratio * per_frame);
  std::vector<torch::Tensor> rows;
  for (int b = 0; b < batch; ++b) {
    auto perm = torch::randperm(per_frame, gen, torch::kLong);
    auto frame_mask = torch::zeros({per_frame}, torch::kBool);
    frame_mask.index_fill_(0, perm.narrow(0, 0, masked), true);
    rows.push_back(frame_mask.repeat({c.frames / c.tubelet}));
  }
  return torch::stack(rows);
}

torch::Tensor patchify(const torch::Tensor& v, const VideoMaeConfig& c) {
  const auto B = v.size(0), T = v.size(2), H = v.size(3), W = v.size(4);
  const int t = c.tubelet, p = c.patch;
  // (B, C, T/t, t, H/p, p, W/p, p) -> (B, T/t, H/p, W/p, t, p, p, C)
  auto x =
      v.reshape({B, c.channels, T / t, t, H / p, p, W / p, p}).permute({0, 2, 4, 6, 3, 5, 7, 1});
  return x.reshape({B, (T / t) * (H / p) * (W / p), t * p * p, c.channels});
}

torch::Tensor reconstructionTargets(const torch::Tensor& video01, const VideoMaeConfig& c,
                                    bool normalize) {
  auto patches = patchify(video01, c);
  if (normalize) {
    auto mean = patches.mean(-2, true);
    auto std = patches.var(-2, /*unbiased=*/true, /*keepdim=*/true).sqrt();
    patches = (patches - mean) / (std + 1e-6);
  }
  return patches.flatten(2);
}

torch::Tensor maskedLoss(const torch::Tensor& prediction, const torch::Tensor& targets,
                         const torch::Tensor& mask) {
  const auto B = targets.size(0), V = targets.size(2);
  auto masked_targets = targets.index({mask}).reshape({B, -1, V});
  return F::mse_loss(prediction, masked_targets.to(prediction.dtype()));
}

torch::Tensor imagenetNormalize(const torch::Tensor& video01) {
  auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1, 1}).to(video01.device());
  auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1, 1}).to(video01.device());
  return (video01 - mean) / std;
}

}  // namespace pmg::training
