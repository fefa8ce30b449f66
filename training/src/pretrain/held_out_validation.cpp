// Held-out validation of pre-training (see held_out_validation.h).
#include "pretrain/held_out_validation.h"

#include <algorithm>

#include "data/clip_batch.h"
#include "pmg/base/random_streams.h"
#include "pmg/training/model/device.h"

namespace pmg::training {

HeldOutValidation::HeldOutValidation(const PmgConfig& pmg,
                                     const std::vector<WeightedSource>& sources,
                                     const VideoMaeConfig& mc, const TrainOptions& o,
                                     const torch::Device& device, const std::atomic<bool>* stop)
    : device_(device) {
  PmgConfig plain = pmg;
  plain.batch_mix = BatchMix::None;
  LoaderOptions vo;
  vo.batch = o.val_clips;
  vo.workers = 0;
  vo.flip = false;
  // Clip by clip (the items of batch 0, unmixed), so a stop request is honoured at once.
  const ClipLoader loader(plain, sources, streamSeed(o.seed, Stream::Validation), vo);
  std::vector<Clip> clips;
  for (long i = 0; i < o.val_clips; ++i) {
    if (stop && stop->load()) return;
    clips.push_back(std::move(loader.makeItem(i).clip));
  }
  video_ = clipsToDevice(clips, device);
  torch::Generator gen = at::detail::createCPUGenerator(streamSeed(o.seed, Stream::ValidationMask));
  mask_ = tubeMask(mc, o.val_clips, mc.mask_ratio, gen).to(device);
  targets_ = reconstructionTargets(video_, mc, mc.norm_pixel_targets);
}

HeldOutValidation::Losses HeldOutValidation::evaluate(VideoMae& model, int chunk, bool bf16) const {
  torch::NoGradGuard no_grad;
  model->eval();
  Losses out;
  for (int64_t i = 0; i < video_.size(0); i += chunk) {
    const int64_t n = std::min<int64_t>(chunk, video_.size(0) - i);
    AutocastGuard autocast(device_, bf16);
    auto pred = model->forward(imagenetNormalize(video_.narrow(0, i, n)), mask_.narrow(0, i, n));
    out.loss +=
        maskedLoss(pred.to(torch::kFloat32), targets_.narrow(0, i, n), mask_.narrow(0, i, n))
            .item<double>() *
        double(n);
  }
  model->train();
  out.loss /= double(video_.size(0));
  // The trivial predictor: each patch's mean, i.e. a zero normalized target.
  out.trivial = targets_.index({mask_}).square().mean().item<double>();
  return out;
}

}  // namespace pmg::training
