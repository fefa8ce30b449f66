// AdamW whose step runs as a few multi-tensor (foreach) operations over all parameters of a
// group, instead of a dozen small operations per parameter: on a GPU that is a handful of
// kernel launches per step rather than thousands. Same update, state and checkpoint format
// as torch::optim::AdamW.
#pragma once

#include <torch/torch.h>

namespace pmg::training {

/// torch::optim::AdamW with a foreach step (amsgrad unsupported).
class ForeachAdamW : public torch::optim::AdamW {
 public:
  using torch::optim::AdamW::AdamW;
  /// One AdamW update of every parameter that has a gradient.
  torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace pmg::training
