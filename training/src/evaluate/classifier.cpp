#include "evaluate/classifier.h"

namespace pmg::training {

ClassifierImpl::ClassifierImpl(VideoMae pretrained, int classes, double head_scale)
    : mae(pretrained) {
  register_module("mae", mae);
  const int d = mae->config.encoder_dim;
  fc_norm =
      register_module("fc_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-6)));
  head = register_module("head", torch::nn::Linear(d, classes));
  torch::NoGradGuard g;
  head->weight.normal_(0.0, 0.02).mul_(head_scale);  // VideoMAE: x 0.001
  head->bias.zero_();
}

torch::Tensor ClassifierImpl::forward(const torch::Tensor& video) {
  auto x = mae->patch_embed(video).flatten(2).transpose(1, 2) + mae->pos_enc;
  for (auto& blk : *mae->encoder_blocks) x = blk->as<Block>()->forward(x);
  return head(fc_norm(x.mean(1)));
}

ClassifierHead ClassifierImpl::exportableHead() const {
  return {fc_norm->weight.detach(), fc_norm->bias.detach(), head->weight.detach(),
          head->bias.detach()};
}

}  // namespace pmg::training
