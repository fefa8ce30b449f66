// The options of a pre-training run, torch-free so that the CLI, the GUI's Training form,
// experiment files and the trainer read one type with one set of defaults. Written to a
// run directory as config.json's "train" section; read back strictly (unknown keys are
// named with the nearest known one; numeric bounds from pmg/train_fields.h).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace config {

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

/// The names each choice option allows (CLI checks, GUI combo boxes, the reader).
const std::vector<std::string>& modelSizeNames();  ///< tiny, small, base, large
const std::vector<std::string>& maskKindNames();   ///< tube, motion, running-cell
const std::vector<std::string>& pmgDeviceNames();  ///< auto, cpu, device, cuda

/// Throws std::invalid_argument naming `key` and the allowed masks unless `kind` is one.
void checkMaskKind(const std::string& kind, const std::string& key);

/// Serialises the options (the run's config.json "train" section).
nlohmann::json toJson(const TrainOptions& o);
/// Reads options written by toJson (missing keys keep defaults); strict, see above.
TrainOptions trainOptionsFromJson(const nlohmann::json& j);

}  // namespace config
}  // namespace pmg
