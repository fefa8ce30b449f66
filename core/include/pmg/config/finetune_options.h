// The options of `pmg finetune` / `pmg probe`, torch-free so that the CLI and experiment
// files read one type, with one table of numeric options (key, flag, bounds, help): the
// CLI's options and validators and the experiment reader's checks walk it, so an
// experiment's "lr": -1 is refused when the file is read, not after its pre-training.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pmg/config/number_field.h"

namespace pmg {
inline namespace config {

/// Options (paper Table 15 defaults where they apply).
struct FinetuneOptions {
  std::string dataset;             ///< see readLabeledVideos
  std::string pretrained_run;      ///< run directory; empty = from scratch (random init)
  std::string model = "tiny";      ///< model size when from scratch
  nlohmann::json model_overrides;  ///< from scratch: e.g. {"patch": 4} (see videoMaeConfig)
  bool probe = false;              ///< linear probe: encoder frozen
  int epochs = 10;
  int steps = 0;  ///< > 0: epochs = as many as these optimizer steps need (overrides epochs)
  int batch = 8;
  double base_lr = 1e-3;  ///< scaled by batch / 256
  double layer_decay = 0.75;
  double head_init_scale = 0.001;  ///< head weights scaled after init (VideoMAE's init_scale)
  double weight_decay = 0.05;
  int warmup_epochs = 1;
  double label_smoothing = 0.1;
  double drop_path = 0.1;     ///< stochastic depth of the last block (linear from 0)
  double mixup_alpha = 0.8;   ///< 0 = no mixup
  double cutmix_alpha = 1.0;  ///< 0 = no cutmix; with mixup on, each batch picks one
  int per_class = 0;          ///< few-shot: at most this many training videos per class
  int stride = 2;             ///< frame stride when sampling videos
  int test_views = 2;         ///< temporal views averaged at test time
  int test_crops = 3;         ///< spatial crops along the long side, per view
  double cache_gib = 4.0;     ///< a split's decoded clips are kept in memory up to this size
  bool flip = false;  ///< horizontal flip (off by default: it swaps left/right motion classes)
  int split = 1;      ///< UCF101 split number
  uint64_t seed = 0;
  int threads = 0;
  std::string out;  ///< results folder (events.jsonl, results.json, per_class.csv/png)
};

/// A numeric option of FinetuneOptions; the key is the experiment file's name for it (the
/// flag without "--", '_' for '-').
using FinetuneField = NumberField<FinetuneOptions>;

/// Every numeric fine-tuning / probing option.
const std::vector<FinetuneField>& finetuneFields();

}  // namespace config
}  // namespace pmg
