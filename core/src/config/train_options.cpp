// TrainOptions as JSON (config.json, presets) and the rules read from them.
#include <algorithm>
#include <stdexcept>

#include "pmg/config/config_keys.h"
#include "pmg/config/train_fields.h"
#include "pmg/config/train_options.h"

namespace pmg {
inline namespace config {

namespace {

/// Throws naming `key` and the allowed names unless `value` is one of `names`.
void checkName(const std::string& value, const std::vector<std::string>& names,
               const std::string& key) {
  if (std::find(names.begin(), names.end(), value) != names.end()) return;
  std::string allowed;
  for (const auto& n : names) allowed += (allowed.empty() ? "" : ", ") + n;
  throw ConfigError("invalid " + key + " '" + value + "': allowed " + allowed);
}

}  // namespace

const std::vector<std::string>& modelSizeNames() {
  static const std::vector<std::string> names = {"tiny", "small", "base", "large"};
  return names;
}

const std::vector<std::string>& maskKindNames() {
  static const std::vector<std::string> names = {"tube", "motion", "running-cell"};
  return names;
}

const std::vector<std::string>& pmgDeviceNames() {
  static const std::vector<std::string> names = {"auto", "cpu", "device", "cuda"};
  return names;
}

void checkMaskKind(const std::string& kind, const std::string& key) {
  checkName(kind, maskKindNames(), key);
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
        if (!s.contains("spec") || !s.at("spec").is_string() ||
            s.at("spec").get<std::string>().empty())
          throw ConfigError(where +
                            ".sources[]: every source needs a \"spec\" (a "
                            "folder, a .glsl file, library, generated@N, ...)");
        o.sources.push_back({s.at("spec").get<std::string>(),
                             numberInRange(s, "weight", 1.0, 0.0, 1e9, where + ".sources[]"),
                             s.value("real_video", false)});
      }
    }
    // The bounds of the command line and the GUI: one table (pmg/train_fields.h).
    const auto count = [&](const char* key, long long fallback) {
      const TrainOptionField& f = trainOptionField(key);
      return integerInRange(j, key, fallback, (long long)f.lo, (long long)f.hi, where);
    };
    const auto real = [&](const char* key, double fallback) {
      const TrainOptionField& f = trainOptionField(key);
      return numberInRange(j, key, fallback, f.lo, f.hi, where);
    };
    o.workers = int(count("workers", o.workers));
    o.prefetch = int(count("prefetch", o.prefetch));
    o.flip = j.value("flip", o.flip);
    o.model = j.value("model", o.model);
    if (j.contains("model_overrides")) o.model_overrides = j.at("model_overrides");
    o.steps = int(count("steps", o.steps));
    o.batch = int(count("batch", o.batch));
    o.base_lr = real("base_lr", o.base_lr);
    o.weight_decay = real("weight_decay", o.weight_decay);
    o.warmup_steps = int(count("warmup_steps", o.warmup_steps));
    o.clip_grad = real("clip_grad", o.clip_grad);
    o.mask_ratio = real("mask_ratio", o.mask_ratio);
    o.norm_pixel_targets = j.value("norm_pixel_targets", o.norm_pixel_targets);
    o.pmg_preset = j.value("pmg_preset", o.pmg_preset);
    if (j.contains("pmg_config")) o.pmg_config = j.at("pmg_config");
    o.seed = j.value("seed", o.seed);
    o.threads = int(count("threads", o.threads));
    o.checkpoint_every = int(count("checkpoint_every", o.checkpoint_every));
    o.snapshot_every = int(count("snapshot_every", o.snapshot_every));
    o.keep_checkpoints = int(count("keep_checkpoints", o.keep_checkpoints));
    o.device = j.value("device", o.device);
    o.pmg_device = j.value("pmg_device", o.pmg_device);
    o.mask = j.value("mask", o.mask);
    checkMaskKind(o.mask, "train.mask");
    checkName(o.pmg_device, pmgDeviceNames(), "train.pmg_device");
    checkName(o.model, modelSizeNames(), "train.model");
    o.bf16 = j.value("bf16", o.bf16);
    o.val_clips = int(count("val_clips", o.val_clips));
    o.val_every = int(count("val_every", o.val_every));
    o.epoch_clips = long(count("epoch_clips", o.epoch_clips));
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(where + ": a value has the wrong type (" + std::string(e.what()) + ")");
  }
  return o;
}

}  // namespace config
}  // namespace pmg
