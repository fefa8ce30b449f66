#include "pmg/config/train_fields.h"

#include <stdexcept>

namespace pmg {
inline namespace config {

const std::vector<TrainOptionField>& trainOptionFields() {
  using O = TrainOptions;
  constexpr bool runtime = true;
  static const std::vector<TrainOptionField> fields = {
      {"workers", "--workers", 1, 256, &O::workers, "Data loader threads", runtime},
      {"prefetch", "--prefetch", 1, 1024, &O::prefetch, "Batches prepared ahead", runtime},
      {"steps", "--steps", 1, 2e9, &O::steps, "Optimizer steps (total, also when resuming)",
       runtime},
      {"batch", "--batch", 1, 65536, &O::batch, "Clips per step (the global batch)"},
      {"base_lr", "--lr", 1e-9, 100, &O::base_lr, "Base lr (scaled by batch/256)"},
      {"weight_decay", "", 0, 10, &O::weight_decay,
       "AdamW weight decay (not on biases, norms, mask token)"},
      {"warmup_steps", "--warmup", 0, 2e9, &O::warmup_steps, "Warm-up steps"},
      {"clip_grad", "--clip-grad", 0, 1e9, &O::clip_grad, "Gradient clipping max norm (0 = off)"},
      {"mask_ratio", "--mask-ratio", 0.01, 0.99, &O::mask_ratio, "Tube mask ratio (paper: 0.75)"},
      {"threads", "--threads", 0, 1024, &O::threads, "Intra-op threads (0 = all cores)", runtime},
      {"checkpoint_every", "--checkpoint-every", 0, 2e9, &O::checkpoint_every,
       "Steps between checkpoints (0 = end/stop only)", runtime},
      {"snapshot_every", "--snapshot-every", 0, 2e9, &O::snapshot_every,
       "Steps between reconstruction snapshots (0 = on request)", runtime},
      {"keep_checkpoints", "--keep-checkpoints", 1, 1e6, &O::keep_checkpoints,
       "Newest checkpoints kept", runtime},
      {"val_clips", "--val-clips", 0, 1e6, &O::val_clips,
       "Held-out clips for the validation loss (0 = none; bounded by memory)"},
      {"val_every", "--val-every", 0, 2e9, &O::val_every,
       "Steps between validations (0 = at the end)", runtime},
      {"epoch_clips", "--epoch-clips", 0, 1e12, &O::epoch_clips,
       "Clips per epoch, for the epoch field"},
  };
  return fields;
}

const TrainOptionField& trainOptionField(const std::string& key) {
  if (const TrainOptionField* f = findField(trainOptionFields(), key)) return *f;
  throw std::out_of_range("no training option " + key);
}

}  // namespace config
}  // namespace pmg
