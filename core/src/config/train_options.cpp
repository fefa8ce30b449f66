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

namespace {

/// The keys of TrainOptions that are not numbers of the field table ("run_dir" is accepted
/// and not read: a run's directory is where its config.json is).
const std::vector<std::string>& otherTrainKeys() {
  static const std::vector<std::string> keys = {
      "sources",    "flip",       "model",  "model_overrides", "norm_pixel_targets",
      "pmg_preset", "pmg_config", "seed",   "device",          "pmg_device",
      "mask",       "bf16",       "run_dir"};
  return keys;
}

}  // namespace

nlohmann::json toJson(const TrainOptions& o) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : o.sources)
    sources.push_back({{"spec", s.spec}, {"weight", s.weight}, {"real_video", s.real_video}});
  nlohmann::json j = {{"sources", sources},
                      {"flip", o.flip},
                      {"model", o.model},
                      {"model_overrides", o.model_overrides},
                      {"norm_pixel_targets", o.norm_pixel_targets},
                      {"pmg_preset", o.pmg_preset},
                      {"pmg_config", o.pmg_config},
                      {"seed", o.seed},
                      {"device", o.device},
                      {"pmg_device", o.pmg_device},
                      {"mask", o.mask},
                      {"bf16", o.bf16}};
  for (const auto& f : trainOptionFields()) j[f.key] = f.toJson(o);
  return j;
}

TrainOptions trainOptionsFromJson(const nlohmann::json& j) {
  const std::string where = "train";
  std::vector<std::string> known = fieldKeys(trainOptionFields());
  known.insert(known.end(), otherTrainKeys().begin(), otherTrainKeys().end());
  requireKnownKeys(j, known, where);
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
    // The numbers, with the bounds of the command line and the GUI (pmg/train_fields.h).
    for (const auto& f : trainOptionFields()) f.read(j, o, where);
    o.flip = j.value("flip", o.flip);
    o.model = j.value("model", o.model);
    if (j.contains("model_overrides")) o.model_overrides = j.at("model_overrides");
    o.norm_pixel_targets = j.value("norm_pixel_targets", o.norm_pixel_targets);
    o.pmg_preset = j.value("pmg_preset", o.pmg_preset);
    if (j.contains("pmg_config")) o.pmg_config = j.at("pmg_config");
    o.seed = j.value("seed", o.seed);
    o.device = j.value("device", o.device);
    o.pmg_device = j.value("pmg_device", o.pmg_device);
    o.mask = j.value("mask", o.mask);
    checkMaskKind(o.mask, "train.mask");
    checkName(o.pmg_device, pmgDeviceNames(), "train.pmg_device");
    checkName(o.model, modelSizeNames(), "train.model");
    o.bf16 = j.value("bf16", o.bf16);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(where + ": a value has the wrong type (" + std::string(e.what()) + ")");
  }
  return o;
}

}  // namespace config
}  // namespace pmg
