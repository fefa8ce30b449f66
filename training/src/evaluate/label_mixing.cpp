#include "evaluate/label_mixing.h"

#include <algorithm>
#include <cmath>

namespace pmg::training {

torch::Tensor smoothTargets(const torch::Tensor& labels, int classes, double smoothing) {
  const double off = smoothing / classes;
  auto t = torch::full({labels.size(0), classes}, off, torch::kFloat32);
  return t.scatter_(1, labels.unsqueeze(1), 1.0 - smoothing + off);
}

torch::Tensor mixBatch(torch::Tensor& video, const torch::Tensor& labels, int classes,
                       const LabelMixing& m, Rng& rng) {
  auto targets = smoothTargets(labels, classes, m.smoothing);
  const bool mixup = m.mixup_alpha > 0.0, cutmix = m.cutmix_alpha > 0.0;
  if ((!mixup && !cutmix) || video.size(0) < 2) return targets;
  const bool use_cutmix = cutmix && (!mixup || rng.bernoulli(m.switch_prob));
  const double alpha = use_cutmix ? m.cutmix_alpha : m.mixup_alpha;
  double lambda = rng.beta(alpha, alpha);
  const auto partner = video.flip({0});
  if (use_cutmix) {
    const int64_t H = video.size(3), W = video.size(4);
    const double cut = std::sqrt(1.0 - lambda);
    const int64_t ch = int64_t(H * cut), cw = int64_t(W * cut);
    const int64_t cy = rng.uniformInt(0, H - 1), cx = rng.uniformInt(0, W - 1);
    const int64_t y0 = std::clamp(cy - ch / 2, int64_t(0), H),
                  y1 = std::clamp(cy + ch / 2, int64_t(0), H);
    const int64_t x0 = std::clamp(cx - cw / 2, int64_t(0), W),
                  x1 = std::clamp(cx + cw / 2, int64_t(0), W);
    using torch::indexing::Slice;
    const auto box = std::vector<torch::indexing::TensorIndex>{Slice(), Slice(), Slice(),
                                                               Slice(y0, y1), Slice(x0, x1)};
    video.index_put_(box, partner.index(box));                     // flip() made partner a copy
    lambda = 1.0 - double((y1 - y0) * (x1 - x0)) / double(H * W);  // the area actually kept
  } else {
    video = video * lambda + partner * (1.0 - lambda);
  }
  return targets * lambda + targets.flip({0}) * (1.0 - lambda);
}

torch::Tensor softCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets) {
  return -(targets * torch::log_softmax(logits, -1)).sum(-1).mean();
}

}  // namespace pmg::training
