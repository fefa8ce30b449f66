// PMG configuration: the transform set, Appendix D parameter ranges, clip shape,
// recursion mode and batch mixing. Parsed from / written to JSON with validation.
#pragma once
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "pmg/config/config_error.h"
#include "pmg/config/object_params.h"

namespace pmg {
inline namespace config {

/// The eight image transformations of the paper (Sec. 3.2), and object-level motion.
enum class TransformKind {
  Identity,
  SlidingWindow,
  Zoom,
  Fade,
  Affine,
  Perspective,
  ColorJitter,
  CutMix,
  Objects  ///< moving textured shapes over a (possibly moving) background (object_motion.h)
};

/// How frames are produced from the previous frame or from the source.
enum class RecursionMode { Recursive, Composed };

/// How clips of a batch are mixed (paper Table 4).
enum class BatchMix { None, Mixup, VideoMix };

/// Closed interval of a uniformly drawn parameter.
struct Range {
  double lo = 0.0;
  double hi = 0.0;
};

/// Parameter ranges of every transform; defaults are the paper's Appendix D.
struct PmgParams {
  double window_fraction = 0.5;          ///< sliding window / CutMix side as a fraction (112/224)
  Range zoom_small{0.20, 0.45};          ///< small window side (fraction of the image)
  Range zoom_large{0.55, 0.95};          ///< large window side (fraction of the image)
  double zoom_in_probability = 0.5;      ///< P(zoom-in); otherwise zoom-out
  double fade_in_probability = 0.5;      ///< P(fade-in); otherwise fade-out
  Range rotation_deg{-15.0, 15.0};       ///< affine rotation per step (degrees)
  Range translate{-0.01, 0.01};          ///< affine translation per step (fraction of side)
  Range scale{0.9999, 1.0001};           ///< affine scale per step
  Range shear_deg{-1.0, 1.0};            ///< affine x-shear per step (degrees)
  double perspective_distortion = 0.05;  ///< corner displacement scale per step
  Range brightness{0.0, 0.2};            ///< |brightness factor - 1| per step
  Range contrast{0.0, 0.3};              ///< |contrast factor - 1| per step
  Range saturation{0.0, 0.2};            ///< |saturation factor - 1| per step
  Range hue{0.0, 0.1};                   ///< |hue shift| per step (fraction of the hue circle)
  ObjectParams objects;                  ///< the objects transform (not in the paper)
};

/// One entry of the transform set with its sampling weight.
struct WeightedTransform {
  TransformKind kind = TransformKind::Identity;
  double weight = 1.0;
};

/// Everything needed to turn a source image into a pseudo-motion clip.
struct PmgConfig {
  std::vector<WeightedTransform> transforms;  ///< sampled once per clip by weight
  PmgParams params;
  RecursionMode mode = RecursionMode::Recursive;
  int frames = 16;
  int size = 224;
  BatchMix batch_mix = BatchMix::None;
  double mix_alpha = 1.0;        ///< lambda ~ Beta(alpha, alpha)
  double mix_probability = 1.0;  ///< chance that a pair is mixed
};

/// Canonical snake_case name of a transform ("sliding_window").
std::string transformName(TransformKind kind);
/// Parses a transform name; accepts '-' or '_' and a few aliases. Throws ConfigError.
TransformKind parseTransformName(const std::string& name);
/// Every transform: the paper's eight in paper order, then objects.
const std::vector<TransformKind>& allTransforms();
/// The paper's eight transforms (the "all" preset).
const std::vector<TransformKind>& paperTransforms();

/// Names of the built-in presets ("paper-best", "all", "objects+paper-best", and each single
/// transform).
std::vector<std::string> presetNames();
/// Config of a preset or single transform name; throws ConfigError for an unknown name.
PmgConfig presetConfig(const std::string& name);

/// Checks every value; throws ConfigError naming the key and its allowed range.
void validate(const PmgConfig& config);

/// Serialises a config (all fields, so a file is a complete record).
nlohmann::json toJson(const PmgConfig& config);
/// Reads a config on top of defaults (missing keys keep defaults) and validates it.
PmgConfig pmgConfigFromJson(const nlohmann::json& j);

/// "recursive" | "composed".
std::string recursionModeName(RecursionMode mode);
/// "none" | "mixup" | "videomix".
std::string batchMixName(BatchMix mix);
/// Parses a mode name; throws ConfigError naming `key` and the allowed values.
RecursionMode parseRecursionMode(const std::string& name, const std::string& key);
/// Parses a batch-mix name; throws ConfigError naming `key` and the allowed values.
BatchMix parseBatchMix(const std::string& name, const std::string& key);

}  // namespace config
}  // namespace pmg
