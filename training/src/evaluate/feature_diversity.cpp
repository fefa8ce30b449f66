#include "pmg/training/evaluate/feature_diversity.h"

#include <torch/torch.h>

#include <stdexcept>

#include "pmg/training/formats/hf_export.h"
#include "pmg/training/model/videomae.h"
#include "pmg/training/model/videomae_config.h"

namespace pmg::training {

namespace {

/// (N, 3, T, H, W) float in [0, 1] at the encoder's shape: frames sampled evenly, resized.
torch::Tensor encoderInput(const std::vector<Clip>& clips, const VideoMaeConfig& c) {
  std::vector<torch::Tensor> out;
  for (const Clip& clip : clips) {
    auto t = torch::from_blob(const_cast<uint8_t*>(clip.data.data()),
                              {clip.frames, clip.height, clip.width, 3}, torch::kUInt8)
                 .permute({0, 3, 1, 2})
                 .to(torch::kFloat32)
                 .div(255.0);  // (T, 3, H, W)
    const auto idx = torch::linspace(0, clip.frames - 1, c.frames).round().to(torch::kLong);
    t = torch::nn::functional::interpolate(
        t.index_select(0, idx), torch::nn::functional::InterpolateFuncOptions()
                                    .size(std::vector<int64_t>{c.image_size, c.image_size})
                                    .mode(torch::kBilinear)
                                    .align_corners(false));
    out.push_back(t.permute({1, 0, 2, 3}));  // (3, T, H, W)
  }
  return torch::stack(out);
}

/// ImageNet normalisation, as the model is trained.
torch::Tensor normalise(const torch::Tensor& v) {
  const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1, 1});
  const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1, 1});
  return (v - mean) / std;
}

}  // namespace

FeatureDiversity featureDiversity(const std::vector<Clip>& clips, const std::string& run_dir,
                                  uint64_t seed) {
  if (clips.size() < 2) throw std::invalid_argument("feature diversity needs at least 2 clips");
  torch::NoGradGuard no_grad;
  FeatureDiversity r;
  VideoMae model(nullptr);
  if (run_dir.empty()) {
    torch::manual_seed(seed);
    model = VideoMae(videoMaeConfig("tiny"));
    r.encoder = "random tiny (seed " + std::to_string(seed) + ")";
  } else {
    model = loadRunModel(run_dir);
    r.encoder = run_dir;
  }
  model->eval();
  const VideoMaeConfig& c = model->config;
  std::vector<torch::Tensor> features;
  for (size_t i = 0; i < clips.size(); i += 16) {  // batches of 16
    const std::vector<Clip> part(clips.begin() + long(i),
                                 clips.begin() + long(std::min(clips.size(), i + 16)));
    auto x = model->patch_embed(normalise(encoderInput(part, c))).flatten(2).transpose(1, 2);
    x = x + model->pos_enc.to(x.dtype());
    for (auto& blk : *model->encoder_blocks) x = blk->as<Block>()->forward(x);
    features.push_back(model->encoder_norm(x).mean(1).to(torch::kFloat64));
  }
  const auto f = torch::cat(features);
  const auto centred = f - f.mean(0, true);
  const auto cov = centred.t().mm(centred) / double(f.size(0) - 1);
  const int64_t d = cov.size(0);
  const auto reg = cov + torch::eye(d, torch::kFloat64) * 1e-6;
  r.logdet_per_dim = torch::logdet(reg).item<double>() / double(d);
  r.dims = int(d);
  r.clips = int(f.size(0));
  return r;
}

}  // namespace pmg::training
