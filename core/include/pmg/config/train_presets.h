// Training presets shipped in assets/presets (embedded at build time): JSON objects
// {"description", "train": {...TrainOptions keys...}, "epochs", "warmup_epochs"}.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace config {

/// Names of the built-in training presets (file names without .json), sorted.
std::vector<std::string> trainPresetNames();

/// A preset by name, or a JSON file by path. "epochs" / "warmup_epochs" (with
/// train.epoch_clips and train.batch) are resolved into train.steps / train.warmup_steps.
/// Throws naming the preset and listing the built-in ones when it does not exist.
nlohmann::json loadTrainPreset(const std::string& name_or_path);

/// Sets train.steps (and train.warmup_steps) from the preset's "epochs" ("warmup_epochs"),
/// train.epoch_clips and train.batch; nothing when it has no "epochs". Errors name `name`.
void resolvePresetEpochs(nlohmann::json& preset, const std::string& name);

}  // namespace config
}  // namespace pmg
