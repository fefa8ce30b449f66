// TrainOptions as JSON (config.json, presets) and the rules read from them.
#include <stdexcept>

#include "pmg/config_keys.h"
#include "pmg/training/trainer.h"
#include "token_masks.h"

namespace pmg::training {

bool rendersPmgOnDevice(const TrainOptions& o, bool device_is_cuda) {
  if (o.pmg_device == "cpu") return false;
  if (o.pmg_device == "device") return true;
  if (o.pmg_device == "auto") return device_is_cuda;
  if (o.pmg_device == "cuda") return true;
  throw std::invalid_argument("invalid train.pmg_device '" + o.pmg_device +
                              "': allowed auto, cpu, device, cuda");
}

nlohmann::json toJson(const TrainOptions& o) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : o.sources)
    sources.push_back({{"spec", s.spec}, {"weight", s.weight}, {"real_video", s.real_video}});
  return {{"sources", sources},
          {"workers", o.workers},
          {"prefetch", o.prefetch},
          {"flip", o.flip},
          {"model", o.model},
          {"model_overrides", o.model_overrides},
          {"steps", o.steps},
          {"batch", o.batch},
          {"base_lr", o.base_lr},
          {"weight_decay", o.weight_decay},
          {"warmup_steps", o.warmup_steps},
          {"clip_grad", o.clip_grad},
          {"mask_ratio", o.mask_ratio},
          {"norm_pixel_targets", o.norm_pixel_targets},
          {"pmg_preset", o.pmg_preset},
          {"pmg_config", o.pmg_config},
          {"seed", o.seed},
          {"threads", o.threads},
          {"checkpoint_every", o.checkpoint_every},
          {"snapshot_every", o.snapshot_every},
          {"keep_checkpoints", o.keep_checkpoints},
          {"device", o.device},
          {"pmg_device", o.pmg_device},
          {"mask", o.mask},
          {"bf16", o.bf16},
          {"val_clips", o.val_clips},
          {"val_every", o.val_every},
          {"epoch_clips", o.epoch_clips}};
}

TrainOptions trainOptionsFromJson(const nlohmann::json& j) {
  const std::string where = "train";
  requireKnownKeys(j,
                   {"sources",
                    "workers",
                    "prefetch",
                    "flip",
                    "model",
                    "model_overrides",
                    "steps",
                    "batch",
                    "base_lr",
                    "weight_decay",
                    "warmup_steps",
                    "clip_grad",
                    "mask_ratio",
                    "norm_pixel_targets",
                    "pmg_preset",
                    "pmg_config",
                    "seed",
                    "threads",
                    "checkpoint_every",
                    "snapshot_every",
                    "keep_checkpoints",
                    "device",
                    "pmg_device",
                    "mask",
                    "bf16",
                    "val_clips",
                    "val_every",
                    "epoch_clips",
                    "run_dir"},
                   where);
  TrainOptions o;
  try {
    if (j.contains("sources")) {
      o.sources.clear();
      for (const auto& s : j.at("sources")) {
        requireKnownKeys(s, {"spec", "weight", "real_video"}, where + ".sources[]");
        o.sources.push_back({s.value("spec", std::string("library")),
                             numberInRange(s, "weight", 1.0, 0.0, 1e9, where + ".sources[]"),
                             s.value("real_video", false)});
      }
    }
    // The same ranges as the command line.
    const auto count = [&](const char* key, long fallback, double lo, double hi) {
      return long(numberInRange(j, key, double(fallback), lo, hi, where));
    };
    o.workers = int(count("workers", o.workers, 1, 256));
    o.prefetch = int(count("prefetch", o.prefetch, 1, 1024));
    o.flip = j.value("flip", o.flip);
    o.model = j.value("model", o.model);
    if (j.contains("model_overrides")) o.model_overrides = j.at("model_overrides");
    o.steps = int(count("steps", o.steps, 1, 2e9));
    o.batch = int(count("batch", o.batch, 1, 65536));
    o.base_lr = numberInRange(j, "base_lr", o.base_lr, 1e-9, 100, where);
    o.weight_decay = numberInRange(j, "weight_decay", o.weight_decay, 0, 10, where);
    o.warmup_steps = int(count("warmup_steps", o.warmup_steps, 0, 2e9));
    o.clip_grad = numberInRange(j, "clip_grad", o.clip_grad, 0, 1e9, where);
    o.mask_ratio = numberInRange(j, "mask_ratio", o.mask_ratio, 0.01, 0.99, where);
    o.norm_pixel_targets = j.value("norm_pixel_targets", o.norm_pixel_targets);
    o.pmg_preset = j.value("pmg_preset", o.pmg_preset);
    if (j.contains("pmg_config")) o.pmg_config = j.at("pmg_config");
    o.seed = j.value("seed", o.seed);
    o.threads = int(count("threads", o.threads, 0, 1024));
    o.checkpoint_every = int(count("checkpoint_every", o.checkpoint_every, 0, 2e9));
    o.snapshot_every = int(count("snapshot_every", o.snapshot_every, 0, 2e9));
    o.keep_checkpoints = int(count("keep_checkpoints", o.keep_checkpoints, 1, 1e6));
    o.device = j.value("device", o.device);
    o.pmg_device = j.value("pmg_device", o.pmg_device);
    o.mask = j.value("mask", o.mask);
    checkMaskKind(o.mask, "train.mask");
    rendersPmgOnDevice(o, false);  // validates the name (the GPU is checked at the start)
    o.bf16 = j.value("bf16", o.bf16);
    o.val_clips = int(count("val_clips", o.val_clips, 0, 1e6));
    o.val_every = int(count("val_every", o.val_every, 0, 2e9));
    o.epoch_clips = count("epoch_clips", o.epoch_clips, 0, 1e12);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(where + ": a value has the wrong type (" + std::string(e.what()) +
                                ")");
  }
  return o;
}

}  // namespace pmg::training
