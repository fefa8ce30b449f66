// VideoMAE pre-training loop on PMG clips: AdamW (0.9, 0.95) without weight decay on
// biases/norms/mask token, lr scaled by batch/256 with linear warm-up and per-step
// cosine, grad-norm logging and clipping, run directory with events and checkpoints.
// Torch-free header.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "pmg/image_source.h"
#include "pmg/pmg_config.h"
#include "pmg/training/videomae_config.h"

namespace pmg::training {

/// Everything a run needs; written to the run directory as config.json.
struct TrainOptions {
  std::string model = "tiny";
  int steps = 100;
  int batch = 8;
  double base_lr = 1e-3;  ///< scaled by batch / 256 (paper Table 14)
  double weight_decay = 0.05;
  int warmup_steps = 10;
  double clip_grad = 0.0;  ///< 0 = no clipping
  double mask_ratio = 0.75;
  bool norm_pixel_targets = true;
  std::string pmg_preset = "paper-best";
  uint64_t seed = 0;
  int threads = 0;
  int checkpoint_every = 0;  ///< 0 = only at the end
  std::string run_dir;
};

/// Result of a run.
struct TrainResult {
  int steps = 0;
  double first_loss = 0.0, last_loss = 0.0;
  std::string checkpoint;
};

/// Learning rate at `step` (0-based): linear warm-up, then cosine to 0.
double learningRate(double peak, int step, int warmup, int total);

/// Runs pre-training on clips from `source`. Calls `on_event` with each step's event
/// (also appended to events.jsonl). Throws std::runtime_error naming the step on a
/// non-finite loss; the last checkpoint written stays intact.
TrainResult train(const TrainOptions& options, ImageSource& source,
                  const std::function<void(const nlohmann::json&)>& on_event = {});

}  // namespace pmg::training
