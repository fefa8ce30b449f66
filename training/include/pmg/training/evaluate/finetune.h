// Fine-tuning and linear probing of a (pre-trained or random) VideoMAE encoder on a
// labelled video dataset: mean pooling, fc_norm, linear head (init x 0.001), AdamW
// (0.9, 0.999), layer-wise lr decay, warm-up + cosine, label smoothing, drop path,
// mixup/cutmix; multi-view testing (clips x crops); top-1/top-5 and per-class accuracy
// (CSV + PNG bar chart). Torch-free header.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pmg/config/finetune_options.h"

namespace pmg::training {

using pmg::FinetuneOptions;  // torch-free, with its field table: pmg/config/finetune_options.h

/// Accuracies on the test split.
struct FinetuneResult {
  double top1 = 0.0, top5 = 0.0;
  std::vector<double> per_class;
  std::vector<std::string> classes;
};

/// Runs fine-tuning (or probing) and evaluation; `on_event` gets one JSON per epoch.
FinetuneResult finetune(const FinetuneOptions& options,
                        const std::function<void(const nlohmann::json&)>& on_event = {});

}  // namespace pmg::training
