#include "pmg/training/model/reconstruction.h"

namespace pmg::training {

namespace {

Clip toClip(const torch::Tensor& video01) {  // (3, T, H, W) -> Clip
  auto u8 =
      video01.permute({1, 2, 3, 0}).mul(255.0).round().clamp(0, 255).to(torch::kUInt8).contiguous();
  Clip clip(int(u8.size(0)), int(u8.size(1)), int(u8.size(2)));
  std::memcpy(clip.data.data(), u8.data_ptr<uint8_t>(), clip.data.size());
  return clip;
}

std::vector<cv::Mat> toGrids(const torch::Tensor& per_token, const VideoMaeConfig& c, int type) {
  const int gh = c.image_size / c.patch, gw = gh, slices = c.frames / c.tubelet;
  auto t = per_token.reshape({slices, gh, gw})
               .to(type == CV_8U ? torch::kUInt8 : torch::kFloat32)
               .contiguous();
  std::vector<cv::Mat> out;
  for (int s = 0; s < slices; ++s) out.push_back(cv::Mat(gh, gw, type, t[s].data_ptr()).clone());
  return out;
}

}  // namespace

torch::Tensor unpatchify(const torch::Tensor& patches, const VideoMaeConfig& c) {
  const auto B = patches.size(0);
  const int t = c.tubelet, p = c.patch, T = c.frames, H = c.image_size, W = c.image_size;
  return patches.reshape({B, T / t, H / p, W / p, t, p, p, c.channels})
      .permute({0, 7, 1, 4, 2, 5, 3, 6})
      .reshape({B, c.channels, T, H, W});
}

torch::Tensor assembleReconstruction(const torch::Tensor& video01, const torch::Tensor& mask,
                                     const torch::Tensor& prediction, const VideoMaeConfig& c,
                                     bool normalized) {
  auto patches = patchify(video01, c).clone();  // (B, N, tpp, 3)
  const auto B = patches.size(0), V = patches.size(2);
  auto pred = prediction.detach().to(torch::kFloat32).reshape({B, -1, V, c.channels});
  if (normalized) {
    auto mean = patches.mean(-2, true);
    auto std = patches.var(-2, true, true).sqrt();
    pred = pred * (std.index({mask}).reshape({B, -1, 1, c.channels}) + 1e-6) +
           mean.index({mask}).reshape({B, -1, 1, c.channels});
  }
  patches.index_put_({mask}, pred.reshape({-1, V, c.channels}).clamp(0.0, 1.0));
  return unpatchify(patches, c);
}

torch::Tensor perTokenLoss(const torch::Tensor& prediction, const torch::Tensor& targets,
                           const torch::Tensor& mask) {
  auto loss = torch::zeros(mask.sizes(), torch::kFloat32);
  const auto B = targets.size(0), V = targets.size(2);
  auto masked_targets = targets.index({mask}).reshape({B, -1, V});
  auto per = (prediction.detach().to(torch::kFloat32) - masked_targets).pow(2).mean(-1);
  loss.index_put_({mask}, per.reshape({-1}));
  return loss;
}

ReconstructionPanels makePanels(const torch::Tensor& video01, const torch::Tensor& mask,
                                const torch::Tensor& prediction, const VideoMaeConfig& c,
                                bool normalized, const torch::Tensor& decode) {
  torch::NoGradGuard no_grad;
  const auto v0 = video01.narrow(0, 0, 1).to(torch::kCPU);
  const auto m0 = mask.narrow(0, 0, 1).to(torch::kCPU);
  const auto p0 = prediction.narrow(0, 0, 1).to(torch::kCPU);
  ReconstructionPanels panels;
  panels.original = toClip(v0[0]);
  panels.reconstruction = toClip(assembleReconstruction(v0, m0, p0, c, normalized)[0]);
  panels.masked = toGrids(
      decode.defined() ? m0[0].to(torch::kUInt8) +
                             (m0[0] & ~decode.narrow(0, 0, 1).to(torch::kCPU)[0]).to(torch::kUInt8)
                       : m0[0],
      c, CV_8U);
  panels.patch_loss =
      toGrids(perTokenLoss(p0, reconstructionTargets(v0, c, normalized), m0)[0], c, CV_32F);
  return panels;
}

}  // namespace pmg::training
