// Experiment files (`pmg experiment`, docs/experiments.md): a base pre-training (a training
// preset plus overrides) and a downstream protocol (dataset, fine-tune and/or probe, clips
// per class K, seeds), and axes of named variants that override pre-training settings.
// The cells are the product of the axes (or an explicit list); each cell's pre-training is
// shared by all its evaluations. Pure data: reading, validation and expansion.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace experiments {

/// One named choice on an axis: a JSON merge patch (RFC 7386) on the pre-training preset
/// ({"train": {...}, "epochs": ...}), or "from scratch" (no pre-training at all).
struct ExperimentVariant {
  std::string name;
  nlohmann::json set = nlohmann::json::object();
  bool scratch = false;
};

/// An axis: a name ("transform") and its variants.
struct ExperimentAxis {
  std::string name;
  std::vector<ExperimentVariant> variants;
};

/// One combination of variants, one per axis.
struct ExperimentCell {
  std::string name;                   ///< variant names joined by "+", e.g. "zoom+mixup"
  std::vector<std::string> variants;  ///< one per axis, in axis order
  bool scratch = false;               ///< one of its variants is "from scratch"
  nlohmann::json overrides;           ///< the variants' patches merged, as given
  nlohmann::json pretrain_preset;     ///< base preset with the base and variant patches applied
};

/// What every cell is evaluated on.
struct ExperimentDownstream {
  std::string dataset;                 ///< labelled videos (see readLabeledVideos), or "motion"
  nlohmann::json motion_dataset;       ///< make-motion-dataset options when dataset == "motion"
  std::vector<std::string> protocols;  ///< "finetune" and/or "probe"
  std::vector<int> per_class;          ///< K values; 0 = every training clip
  std::vector<uint64_t> seeds;
  std::map<std::string, nlohmann::json> options;  ///< per protocol: `pmg finetune` options
};

/// A validated experiment.
struct Experiment {
  std::string description;
  std::string scale;           ///< the scale applied ("" when the file has none)
  nlohmann::json base_preset;  ///< the training preset with the base patch applied
  ExperimentDownstream downstream;
  std::vector<ExperimentAxis> axes;
  std::vector<ExperimentCell> cells;
  /// pretrain.per_seed: one pre-training per downstream seed (seed s evaluates the encoder
  /// pre-trained with seed s), so the spread over seeds includes pre-training's.
  bool pretrain_per_seed = false;
  /// "reference": {"COLUMN": {"CELL": value}}: published results the cells' ranking is compared
  /// with in reports (rank correlation), e.g. the paper's HMDB51 column.
  std::map<std::string, std::map<std::string, double>> reference;
  nlohmann::json resolved;  ///< the file after the scale patch (for experiment.json)
};

/// Throws (naming the key) when a pre-training "train" object is invalid; the CLI passes
/// the trainer's own reader so that overrides are checked before anything runs.
using TrainValidator = std::function<void(const nlohmann::json& train)>;

/// Reads and validates an experiment. `scale` picks an entry of the file's "scales" (a
/// merge patch on the file itself); "" takes "tiny-cpu" when the file has scales.
/// Errors name the key, the axis and the variant.
Experiment parseExperiment(const nlohmann::json& file, const std::string& scale,
                           const TrainValidator& validate_train = {});

/// An experiment file as JSON: a .json file, or a .toml file converted (when built with
/// toml++). Errors name the file and, for TOML, the line and column.
nlohmann::json readExperimentFile(const std::string& path);

/// Reads an experiment file (readExperimentFile), then parseExperiment.
Experiment loadExperimentFile(const std::string& path, const std::string& scale,
                              const TrainValidator& validate_train = {});

/// A cell or variant name made safe for a folder name ([A-Za-z0-9._+-], others -> '_').
std::string experimentDirName(const std::string& name);

}  // namespace experiments
}  // namespace pmg
