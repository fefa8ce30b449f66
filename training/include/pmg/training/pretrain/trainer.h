// VideoMAE pre-training loop on PMG clips: AdamW (0.9, 0.95) without weight decay on
// biases/norms/mask token, lr scaled by batch/256 with linear warm-up and per-step
// cosine, grad-norm logging and clipping; run directory with config, events.jsonl,
// TensorBoard scalars, atomic checkpoints (exact resume) and reconstruction snapshots.
// Torch-free header.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "pmg/config/pmg_config.h"
#include "pmg/config/train_options.h"
#include "pmg/media/image_source.h"
#include "pmg/training/data/clip_loader.h"
#include "pmg/training/model/videomae_config.h"

namespace pmg::training {

using pmg::SourceSpec;
using pmg::toJson;
using pmg::TrainOptions;
using pmg::trainOptionsFromJson;

class DataParallel;

/// Whether `o.pmg_device` renders on `device` (LibTorch) rather than on the loader's CPU
/// threads; throws std::invalid_argument naming the allowed values or the missing GPU.
bool rendersPmgOnDevice(const TrainOptions& o, bool device_is_cuda);

/// Requests from outside the loop (signals, stdin, GUI): checked once per step.
struct TrainControl {
  std::atomic<bool> stop{false};      ///< checkpoint and return at the end of this step
  std::atomic<bool> snapshot{false};  ///< write a reconstruction snapshot after this step
};

/// Result of a run.
struct TrainResult {
  int start_step = 0;  ///< > 0 when resumed
  int steps = 0;       ///< steps completed in total
  double first_loss = 0.0, last_loss = 0.0;
  bool stopped = false;                      ///< ended early on request
  double val_loss = 0.0, val_trivial = 0.0;  ///< last validation: model vs zero prediction
  std::string checkpoint;
};

/// Learning rate at `step` (0-based): linear warm-up, then cosine to 0.
double learningRate(double peak, int step, int warmup, int total);

/// Runs pre-training on clips from `source`. With `resume`, continues from the run
/// directory's latest checkpoint so that the loss curve equals an uninterrupted run's.
/// Calls `on_event` with each step's event (also appended to events.jsonl). Throws
/// std::runtime_error naming the step on a non-finite loss; the last checkpoint stays intact.
/// Data parallel when `group` is given or the environment names several ranks (RANK,
/// WORLD_SIZE...): options.batch is the global batch, split evenly; rank 0 writes the run.
TrainResult train(const TrainOptions& options, const std::vector<WeightedSource>& sources,
                  const std::function<void(const nlohmann::json&)>& on_event = {},
                  TrainControl* control = nullptr, bool resume = false,
                  DataParallel* group = nullptr);

/// Convenience: a single still-image source.
TrainResult train(const TrainOptions& options, ImageSource& source,
                  const std::function<void(const nlohmann::json&)>& on_event = {},
                  TrainControl* control = nullptr, bool resume = false);

}  // namespace pmg::training
