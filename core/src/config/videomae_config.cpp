#include "pmg/config/videomae_config.h"

#include "pmg/config/config_keys.h"

#include <stdexcept>

namespace pmg {
inline namespace config {

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
  // Documented limits first (sizes positive and bounded), so that nothing below divides
  // by zero and no allocation is attempted for an absurd model.
  auto range = [&](const char* name, double v, double lo, double hi) {
    need(v >= lo && v <= hi, std::string(name) + " must be between " + std::to_string(int(lo)) +
                                 " and " + std::to_string(int(hi)) + ", got " + std::to_string(v));
  };
  range("image_size", c.image_size, 4, 1024);
  range("patch", c.patch, 1, 64);
  range("frames", c.frames, 1, 256);
  range("tubelet", c.tubelet, 1, 16);
  range("channels", c.channels, 3, 3);
  range("encoder_dim (hidden_size)", c.encoder_dim, 2, 4096);
  range("encoder_depth (num_hidden_layers)", c.encoder_depth, 1, 64);
  range("encoder_heads (num_attention_heads)", c.encoder_heads, 1, 64);
  range("decoder_dim (decoder_hidden_size)", c.decoder_dim, 2, 4096);
  range("decoder_depth (decoder_num_hidden_layers)", c.decoder_depth, 1, 32);
  range("decoder_heads (decoder_num_attention_heads)", c.decoder_heads, 1, 64);
  need(c.mlp_ratio > 0.0 && c.mlp_ratio <= 16.0,
       "mlp ratio (intermediate_size / hidden_size) must be in (0, 16], got " +
           std::to_string(c.mlp_ratio));
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
  need(c.mask_ratio > 0.0 && c.mask_ratio < 1.0,
       "mask ratio (" + std::to_string(c.mask_ratio) + ") must be in (0, 1)");
  need(c.encoder_dim % 2 == 0 && c.decoder_dim % 2 == 0,
       "model dims must be even for the sin-cos table");
}

nlohmann::json toJson(const VideoMaeConfig& c) {
  return {{"image_size", c.image_size},
          {"frames", c.frames},
          {"patch", c.patch},
          {"tubelet", c.tubelet},
          {"encoder_dim", c.encoder_dim},
          {"encoder_depth", c.encoder_depth},
          {"encoder_heads", c.encoder_heads},
          {"decoder_dim", c.decoder_dim},
          {"decoder_depth", c.decoder_depth},
          {"decoder_heads", c.decoder_heads},
          {"mlp_ratio", c.mlp_ratio},
          {"mask_ratio", c.mask_ratio},
          {"norm_pixel_targets", c.norm_pixel_targets}};
}

VideoMaeConfig videoMaeConfigFromJson(const nlohmann::json& j) {
  VideoMaeConfig c;
  const std::string where = "model";
  // Whole numbers checked in 64 bits before narrowing; validate() then checks each range.
  const auto whole = [&](const char* key, int& out) {
    out = int(integerInRange(j, key, out, -(1LL << 31), (1LL << 31) - 1, where));
  };
  whole("image_size", c.image_size);
  whole("frames", c.frames);
  whole("patch", c.patch);
  whole("tubelet", c.tubelet);
  whole("encoder_dim", c.encoder_dim);
  whole("encoder_depth", c.encoder_depth);
  whole("encoder_heads", c.encoder_heads);
  whole("decoder_dim", c.decoder_dim);
  whole("decoder_depth", c.decoder_depth);
  whole("decoder_heads", c.decoder_heads);
  c.mlp_ratio = numberInRange(j, "mlp_ratio", c.mlp_ratio, 1e-6, 16.0, where);
  c.mask_ratio = numberInRange(j, "mask_ratio", c.mask_ratio, 0.0, 1.0, where);
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
  for (const auto& [key, value] : overrides.items()) {
    if (!merged.contains(key))
      throw ConfigError("unknown model setting '" + key +
                        "': allowed image_size, frames, patch, tubelet, encoder_dim, "
                        "encoder_depth, encoder_heads, decoder_dim, decoder_depth, "
                        "decoder_heads, mlp_ratio");
    merged[key] = value;
  }
  return videoMaeConfigFromJson(merged);
}

}  // namespace config
}  // namespace pmg
