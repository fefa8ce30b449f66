// The VideoMAE model config lives in core (pmg/videomae_config.h), so the GUI reads the same
// sizes without LibTorch; the training module uses it under its own namespace.
#pragma once
#include "pmg/config/videomae_config.h"

namespace pmg::training {
using pmg::toJson;
using pmg::validate;
using pmg::VideoMaeConfig;
using pmg::videoMaeConfig;
using pmg::videoMaeConfigFromJson;
}  // namespace pmg::training
