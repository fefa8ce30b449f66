#include "pmg/config/train_presets.h"

#include "pmg/base/file_kind.h"
#include "pmg/config/config_keys.h"

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace pmg {

const std::vector<std::pair<std::string, std::string>>& embeddedTrainPresetFiles();

void resolvePresetEpochs(nlohmann::json& preset, const std::string& name) {
  auto& train = preset["train"];
  if (!preset.contains("epochs")) return;
  const double clips = train.value("epoch_clips", 0.0), batch = train.value("batch", 0.0);
  if (clips <= 0 || batch <= 0)
    throw ConfigError("preset " + name +
                      ": 'epochs' needs train.epoch_clips > 0 and train.batch > 0");
  const double steps_per_epoch = clips / batch;
  train["steps"] = long(std::ceil(preset["epochs"].get<double>() * steps_per_epoch));
  if (preset.contains("warmup_epochs"))
    train["warmup_steps"] =
        long(std::ceil(preset["warmup_epochs"].get<double>() * steps_per_epoch));
}

std::vector<std::string> trainPresetNames() {
  std::vector<std::string> names;
  for (const auto& [file, text] : embeddedTrainPresetFiles())
    names.push_back(file.substr(0, file.size() - 5));
  return names;
}

nlohmann::json loadTrainPreset(const std::string& name_or_path) {
  nlohmann::json preset;
  bool found = false;
  for (const auto& [file, text] : embeddedTrainPresetFiles()) {
    if (file == name_or_path + ".json") {
      preset = nlohmann::json::parse(text);
      found = true;
    }
  }
  if (!found) {
    requireRegularFile(name_or_path, "preset file");
    std::ifstream f(name_or_path);
    if (!f) {
      std::string all;
      for (const auto& n : trainPresetNames()) all += (all.empty() ? "" : ", ") + n;
      throw ConfigError("unknown training preset '" + name_or_path + "': built-in presets are " +
                        all + ", or give a JSON file");
    }
    try {
      preset = nlohmann::json::parse(f);
    } catch (const nlohmann::json::exception& e) {
      throw ConfigError("preset file " + name_or_path + " is not valid JSON: " + e.what());
    }
  }
  if (!preset.contains("train") || !preset["train"].is_object())
    throw ConfigError("preset " + name_or_path + " has no \"train\" object");
  requireKnownKeys(preset, {"description", "train", "epochs", "warmup_epochs"},
                   "preset " + name_or_path);
  resolvePresetEpochs(preset, name_or_path);
  return preset;
}

}  // namespace pmg
