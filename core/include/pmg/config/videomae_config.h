// VideoMAE model sizes and validation. Torch-free (in core) so the CLI, the GUI and the
// trainer read the same sizes and defaults.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pmg/config/number_field.h"

namespace pmg {
inline namespace config {

/// Shape of a VideoMAE pre-training model (official defaults for ViT-B).
struct VideoMaeConfig {
  int image_size = 224, frames = 16, patch = 16, tubelet = 2, channels = 3;
  int encoder_dim = 768, encoder_depth = 12, encoder_heads = 12;
  int decoder_dim = 384, decoder_depth = 4, decoder_heads = 6;
  double mlp_ratio = 4.0;
  double mask_ratio = 0.75;
  bool norm_pixel_targets = true;

  int tokensPerFrame() const { return (image_size / patch) * (image_size / patch); }
  int tokens() const { return (frames / tubelet) * tokensPerFrame(); }
  int patchValues() const { return channels * tubelet * patch * patch; }
};

/// One description of every number of a model's shape (key, `--flag` of the four that
/// `pmg train`/`pmg finetune` take, bounds, help): the JSON writer, the strict reader,
/// validate(), model overrides, the CLI's shape flags and the Hugging Face import walk it.
using ModelField = NumberField<VideoMaeConfig>;
const std::vector<ModelField>& modelFields();

/// The field of `key`; throws std::out_of_range for an unknown key.
const ModelField& modelField(const std::string& key);

/// Model size presets: "tiny" (tests), "small", "base", "large".
VideoMaeConfig videoMaeConfig(const std::string& size);

/// Throws std::invalid_argument naming both values when the shape is inconsistent
/// (e.g. frames not divisible by the tubelet size).
void validate(const VideoMaeConfig& c);

nlohmann::json toJson(const VideoMaeConfig& c);
/// Reads a config written by toJson (missing keys keep ViT-B defaults; unknown keys are
/// named with the nearest known one) and validates it.
VideoMaeConfig videoMaeConfigFromJson(const nlohmann::json& j);

/// The named size with some settings replaced (e.g. {"patch": 4}); unknown keys throw
/// std::invalid_argument naming the key and the allowed ones. The result is validated.
VideoMaeConfig videoMaeConfig(const std::string& size, const nlohmann::json& overrides);

}  // namespace config
}  // namespace pmg
