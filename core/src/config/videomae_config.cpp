#include "pmg/config/videomae_config.h"

#include "pmg/config/config_keys.h"

#include <fmt/format.h>

#include <stdexcept>

namespace pmg {
inline namespace config {

const std::vector<ModelField>& modelFields() {
  using C = VideoMaeConfig;
  static const std::vector<ModelField> fields = {
      {"image_size", "--image-size", 4, 1024, &C::image_size, "Frame height and width (pixels)"},
      {"frames", "--frames", 1, 256, &C::frames, "Frames per clip"},
      {"patch", "--patch", 1, 64, &C::patch, "Patch side (pixels)"},
      {"tubelet", "--tubelet", 1, 16, &C::tubelet, "Frames per token (tubelet size)"},
      {"encoder_dim", "", 2, 4096, &C::encoder_dim, "Encoder width (HF hidden_size)"},
      {"encoder_depth", "", 1, 64, &C::encoder_depth, "Encoder blocks (HF num_hidden_layers)"},
      {"encoder_heads", "", 1, 64, &C::encoder_heads,
       "Encoder attention heads (HF num_attention_heads)"},
      {"decoder_dim", "", 2, 4096, &C::decoder_dim, "Decoder width (HF decoder_hidden_size)"},
      {"decoder_depth", "", 1, 32, &C::decoder_depth,
       "Decoder blocks (HF decoder_num_hidden_layers)"},
      {"decoder_heads", "", 1, 64, &C::decoder_heads,
       "Decoder attention heads (HF decoder_num_attention_heads)"},
      {"mlp_ratio", "", 1e-6, 16, &C::mlp_ratio, "MLP width / model width"},
      {"mask_ratio", "", 0.01, 0.99, &C::mask_ratio, "Share of tokens masked"},
  };
  return fields;
}

const ModelField& modelField(const std::string& key) {
  if (const ModelField* f = findField(modelFields(), key)) return *f;
  throw std::out_of_range("no model setting " + key);
}

namespace {

/// Every key of a model config: the fields and norm_pixel_targets.
std::vector<std::string> modelKeys() {
  std::vector<std::string> keys = fieldKeys(modelFields());
  keys.push_back("norm_pixel_targets");
  return keys;
}

}  // namespace

VideoMaeConfig videoMaeConfig(const std::string& size) {
  VideoMaeConfig c;
  if (size == "tiny") {
    c.image_size = 32;
    c.frames = 8;
    c.patch = 4;  // 8 x 8 patches: at patch 8 (4 x 4) a tiny ViT cannot localise motion
    c.tubelet = 2;
    c.encoder_dim = 64;
    c.encoder_depth = 2;
    c.encoder_heads = 4;
    c.decoder_dim = 32;
    c.decoder_depth = 1;
    c.decoder_heads = 4;
  } else if (size == "small" || size == "S") {
    c.encoder_dim = 384;
    c.encoder_heads = 6;
    c.decoder_dim = 192;
    c.decoder_heads = 3;
  } else if (size == "base" || size == "B") {
    // defaults
  } else if (size == "large" || size == "L") {
    c.encoder_dim = 1024;
    c.encoder_depth = 24;
    c.encoder_heads = 16;
    c.decoder_dim = 512;
    c.decoder_heads = 8;
  } else {
    throw ConfigError("unknown model size '" + size + "': allowed tiny, small, base, large");
  }
  return c;
}

void validate(const VideoMaeConfig& c) {
  auto need = [](bool ok, const std::string& msg) {
    if (!ok) throw ConfigError(msg);
  };
  // The documented limits first (sizes positive and bounded, from the field table), so that
  // nothing below divides by zero and no allocation is attempted for an absurd model.
  for (const ModelField& f : modelFields()) {
    const double v = f.value(c);
    need(v >= f.lo && v <= f.hi,
         fmt::format("{} must be between {:g} and {:g}, got {:g}", f.key, f.lo, f.hi, v));
  }
  need(c.channels == 3, fmt::format("channels must be 3 (RGB), got {}", c.channels));
  need(c.frames % c.tubelet == 0, "frames (" + std::to_string(c.frames) +
                                      ") must be divisible by the tubelet size (" +
                                      std::to_string(c.tubelet) + ")");
  need(c.image_size % c.patch == 0, "image size (" + std::to_string(c.image_size) +
                                        ") must be divisible by the patch size (" +
                                        std::to_string(c.patch) + ")");
  need(c.encoder_dim % c.encoder_heads == 0, "encoder dim (" + std::to_string(c.encoder_dim) +
                                                 ") must be divisible by its heads (" +
                                                 std::to_string(c.encoder_heads) + ")");
  need(c.decoder_dim % c.decoder_heads == 0, "decoder dim (" + std::to_string(c.decoder_dim) +
                                                 ") must be divisible by its heads (" +
                                                 std::to_string(c.decoder_heads) + ")");
  need(c.encoder_dim % 2 == 0 && c.decoder_dim % 2 == 0,
       "model dims must be even for the sin-cos table");
}

nlohmann::json toJson(const VideoMaeConfig& c) {
  nlohmann::json j = {{"norm_pixel_targets", c.norm_pixel_targets}};
  for (const ModelField& f : modelFields()) j[f.key] = f.toJson(c);
  return j;
}

VideoMaeConfig videoMaeConfigFromJson(const nlohmann::json& j) {
  const std::string where = "model";
  requireKnownKeys(j, modelKeys(), where);
  VideoMaeConfig c;
  for (const ModelField& f : modelFields()) f.read(j, c, where);
  if (j.contains("norm_pixel_targets") && !j.at("norm_pixel_targets").is_boolean())
    throw ConfigError(where + ".norm_pixel_targets must be true or false");
  c.norm_pixel_targets = j.value("norm_pixel_targets", c.norm_pixel_targets);
  validate(c);
  return c;
}

VideoMaeConfig videoMaeConfig(const std::string& size, const nlohmann::json& overrides) {
  VideoMaeConfig c = videoMaeConfig(size);
  if (!overrides.is_object() || overrides.empty()) return c;
  nlohmann::json merged = toJson(c);
  requireKnownKeys(overrides, modelKeys(), "model_overrides");
  merged.update(overrides);
  return videoMaeConfigFromJson(merged);
}

}  // namespace config
}  // namespace pmg
