#include "pmg/config/finetune_options.h"

namespace pmg {
inline namespace config {

const std::vector<FinetuneField>& finetuneFields() {
  using F = FinetuneOptions;
  static const std::vector<FinetuneField> fields = {
      {"epochs", "--epochs", 1, 100000, &F::epochs, "Epochs"},
      {"steps", "--steps", 0, 1e8, &F::steps,
       "Optimizer steps; the epochs follow from the training clips (0 = use --epochs)"},
      {"batch", "--batch", 1, 4096, &F::batch, "Clips per step"},
      {"lr", "--lr", 1e-9, 100, &F::base_lr, "Base lr (scaled by batch/256)"},
      {"layer_decay", "--layer-decay", 1e-6, 1, &F::layer_decay, "Layer-wise lr decay"},
      {"head_init_scale", "--head-init-scale", 0, 100, &F::head_init_scale,
       "Scale of the head's initial weights (VideoMAE: 0.001)"},
      {"weight_decay", "", 0, 10, &F::weight_decay, "AdamW weight decay"},
      {"warmup", "--warmup", 0, 100000, &F::warmup_epochs, "Warm-up epochs"},
      {"label_smoothing", "--label-smoothing", 0, 0.99, &F::label_smoothing, "Label smoothing"},
      {"drop_path", "--drop-path", 0, 0.9, &F::drop_path,
       "Stochastic depth of the last encoder block"},
      {"mixup", "--mixup", 0, 10, &F::mixup_alpha, "Mixup alpha (0 = off)"},
      {"cutmix", "--cutmix", 0, 10, &F::cutmix_alpha, "Cutmix alpha (0 = off)"},
      {"per_class", "--per-class", 0, 1e6, &F::per_class,
       "Few-shot: training videos per class (0 = all)"},
      {"stride", "--stride", 1, 1000, &F::stride, "Frame stride"},
      {"views", "--views", 1, 32, &F::test_views, "Temporal test views"},
      {"crops", "--crops", 1, 5, &F::test_crops,
       "Spatial test crops per view (along the long side)"},
      {"cache_gib", "--cache-gib", 0, 1e6, &F::cache_gib,
       "Memory for decoded clips per split; larger splits are decoded on the fly"},
      {"split", "--split", 1, 3, &F::split, "UCF101 / HMDB51 split number"},
      {"threads", "--threads", 0, 1024, &F::threads, "Intra-op threads (0 = all cores)"},
  };
  return fields;
}

}  // namespace config
}  // namespace pmg
