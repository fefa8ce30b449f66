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

#include "pmg/image_source.h"
#include "pmg/pmg_config.h"
#include "pmg/training/clip_loader.h"
#include "pmg/training/videomae_config.h"

namespace pmg::training {

class DataParallel;

/// One data source as given on the command line: "library", a folder, a .glsl, or real videos.
struct SourceSpec {
  std::string spec = "library";
  double weight = 1.0;
  bool real_video = false;  ///< clips read from videos (plain VideoMAE baseline), not PMG
};

/// Everything a run needs; written to the run directory as config.json.
struct TrainOptions {
  std::vector<SourceSpec> sources = {SourceSpec{}};  ///< the mix (paper Table 9)
  int workers = 2;                                   ///< data loader threads
  int prefetch = 2;                                  ///< batches prepared ahead
  bool flip = true;                                  ///< horizontal flip augmentation
  std::string model = "tiny";
  nlohmann::json model_overrides;  ///< e.g. {"image_size": 64, "patch": 8}: over the size's config
  int steps = 100;
  int batch = 8;
  double base_lr = 1e-3;  ///< scaled by batch / 256 (paper Table 14)
  double weight_decay = 0.05;
  int warmup_steps = 10;
  double clip_grad = 0.0;  ///< 0 = no clipping
  double mask_ratio = 0.75;
  bool norm_pixel_targets = true;
  std::string pmg_preset = "paper-best";
  nlohmann::json
      pmg_config;  ///< a full PMG config (e.g. from the GUI); overrides pmg_preset when set
  uint64_t seed = 0;
  int threads = 0;
  int checkpoint_every = 0;     ///< 0 = only at the end (and on stop)
  int snapshot_every = 0;       ///< reconstruction snapshots; 0 = only on request
  int keep_checkpoints = 3;     ///< newest checkpoints kept
  std::string device = "auto";  ///< cpu | cuda | cuda:N | auto
  /// Where PMG clips are rendered: cpu (the loader's threads), device (LibTorch ops on the
  /// training device, from shipped source images), cuda (device, and it must be a GPU), or
  /// auto (device on a GPU, else cpu).
  std::string pmg_device = "auto";
  /// Token masking: tube (VideoMAE), motion (masked tokens follow the clips' exact motion;
  /// clips without a motion program, i.e. real videos, get tube masks and the events say so)
  /// or running-cell (tube for the encoder; the decoder reconstructs half of the masked tokens
  /// chosen by VideoMAE V2's running cell, and the loss covers those).
  std::string mask = "tube";
  bool bf16 = true;      ///< bf16 autocast on CUDA
  int val_clips = 32;    ///< held-out clips (own seed stream) for the validation loss
  int val_every = 0;     ///< steps between validations; 0 = at the end only
  long epoch_clips = 0;  ///< clips per epoch, for the "epoch" field (0 = no epochs)
  std::string run_dir;
};

/// Whether `o.pmg_device` renders on `device` (LibTorch) rather than on the loader's CPU
/// threads; throws std::invalid_argument naming the allowed values or the missing GPU.
bool rendersPmgOnDevice(const TrainOptions& o, bool device_is_cuda);

/// Serialises the options (the run's config.json "train" section).
nlohmann::json toJson(const TrainOptions& o);
/// Reads options written by toJson (missing keys keep defaults).
TrainOptions trainOptionsFromJson(const nlohmann::json& j);

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
