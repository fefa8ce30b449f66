#include "pmg/config/train_fields.h"

#include <stdexcept>

namespace pmg {
inline namespace config {

const std::vector<TrainOptionField>& trainOptionFields() {
  static const std::vector<TrainOptionField> fields = {
      {"workers", "--workers", 1, 256, true, "Data loader threads"},
      {"prefetch", "--prefetch", 1, 1024, true, "Batches prepared ahead"},
      {"steps", "--steps", 1, 2e9, true, "Optimizer steps (total, also when resuming)"},
      {"batch", "--batch", 1, 65536, true, "Clips per step (the global batch)"},
      {"base_lr", "--lr", 1e-9, 100, false, "Base lr (scaled by batch/256)"},
      {"weight_decay", "", 0, 10, false, "AdamW weight decay (not on biases, norms, mask token)"},
      {"warmup_steps", "--warmup", 0, 2e9, true, "Warm-up steps"},
      {"clip_grad", "--clip-grad", 0, 1e9, false, "Gradient clipping max norm (0 = off)"},
      {"mask_ratio", "--mask-ratio", 0.01, 0.99, false, "Tube mask ratio (paper: 0.75)"},
      {"threads", "--threads", 0, 1024, true, "Intra-op threads (0 = all cores)"},
      {"checkpoint_every", "--checkpoint-every", 0, 2e9, true,
       "Steps between checkpoints (0 = end/stop only)"},
      {"snapshot_every", "--snapshot-every", 0, 2e9, true,
       "Steps between reconstruction snapshots (0 = on request)"},
      {"keep_checkpoints", "--keep-checkpoints", 1, 1e6, true, "Newest checkpoints kept"},
      {"val_clips", "--val-clips", 0, 1e6, true,
       "Held-out clips for the validation loss (0 = none; bounded by memory)"},
      {"val_every", "--val-every", 0, 2e9, true, "Steps between validations (0 = at the end)"},
      {"epoch_clips", "--epoch-clips", 0, 1e12, true, "Clips per epoch, for the epoch field"},
  };
  return fields;
}

const TrainOptionField& trainOptionField(const std::string& key) {
  for (const auto& f : trainOptionFields())
    if (key == f.key) return f;
  throw std::out_of_range("no training option " + key);
}

}  // namespace config
}  // namespace pmg
