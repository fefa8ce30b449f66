// Reading, validating and expanding experiment files (see experiment.h).
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "pmg/base/file_kind.h"
#include "pmg/base/stop_request.h"
#include "pmg/config/config_keys.h"
#include "pmg/config/finetune_options.h"
#include "pmg/config/train_presets.h"
#include "pmg/datasets/motion_dataset.h"
#include "pmg/experiments/experiment.h"
#include "pmg/experiments/shared_scales.h"

#ifdef PMG_HAVE_TOML
#include <toml++/toml.h>
#endif

namespace pmg {
inline namespace experiments {

namespace {

const std::vector<std::string> kPresetKeys = {"description", "train", "epochs", "warmup_epochs"};

/// The `pmg finetune` / `pmg probe` options an experiment may set: the numeric ones of the
/// option table (pmg/config/finetune_options.h) and "flip"; "per_class" is downstream.per_class.
std::vector<std::string> evaluationKeys() {
  std::vector<std::string> keys;
  for (const auto& f : finetuneFields())
    if (std::string(f.key) != "per_class") keys.push_back(f.key);
  keys.push_back("flip");
  return keys;
}

ConfigError error(const std::string& where, const std::string& what) {
  return ConfigError("experiment: " + where + ": " + what);
}

const nlohmann::json& requireArray(const nlohmann::json& j, const std::string& key,
                                   const std::string& where) {
  if (!j.contains(key) || !j.at(key).is_array() || j.at(key).empty())
    throw error(where + "." + key, "must be a non-empty list");
  return j.at(key);
}

ExperimentDownstream parseDownstream(const nlohmann::json& d) {
  const std::string where = "downstream";
  if (!d.is_object()) throw error(where, "must be an object");
  requireKnownKeys(
      d, {"dataset", "motion_dataset", "protocols", "per_class", "seeds", "finetune", "probe"},
      "experiment downstream");
  ExperimentDownstream out;
  if (!d.contains("dataset") || !d["dataset"].is_string() ||
      d["dataset"].get<std::string>().empty())
    throw error(where + ".dataset",
                "name the labelled videos (a folder or split files), or "
                "\"motion\" for the synthetic motion dataset");
  out.dataset = d["dataset"];
  out.motion_dataset = d.value("motion_dataset", nlohmann::json::object());
  std::vector<std::string> motion_keys = fieldKeys(motionDatasetFields());
  motion_keys.insert(motion_keys.end(), {"seed", "backgrounds"});
  requireKnownKeys(out.motion_dataset, motion_keys, "experiment downstream.motion_dataset");
  if (out.dataset == "motion") {  // bounded before anything runs, by the dataset's own table
    const std::string at = "experiment downstream.motion_dataset";
    MotionDatasetOptions md;
    for (const auto& f : motionDatasetFields()) f.read(out.motion_dataset, md, at);
    if (out.motion_dataset.contains("backgrounds") &&
        (!out.motion_dataset["backgrounds"].is_string() ||
         out.motion_dataset["backgrounds"].get<std::string>().empty()))
      throw error(where + ".motion_dataset.backgrounds", "must name a folder of photos");
    try {
      validateMotionDataset(md);
    } catch (const std::invalid_argument& e) {
      throw error(where + ".motion_dataset", e.what());
    }
  }
  for (const auto& p : requireArray(d, "protocols", where)) {
    const std::string name = p.is_string() ? p.get<std::string>() : p.dump();
    if (name != "finetune" && name != "probe")
      throw error(where + ".protocols", "'" + name + "' is not a protocol: finetune or probe");
    out.protocols.push_back(name);
  }
  const FinetuneField& per_class = *findField(finetuneFields(), "per_class");  // its --per-class
  for (const auto& k : requireArray(d, "per_class", where)) {
    if (!k.is_number_integer() || k.get<long long>() < per_class.lo ||
        k.get<long long>() > per_class.hi)
      throw error(where + ".per_class",
                  fmt::format("{} is not a clip count between {:g} and {:g} (0 = all)", k.dump(),
                              per_class.lo, per_class.hi));
    out.per_class.push_back(k);
  }
  for (const auto& s : requireArray(d, "seeds", where)) {
    if (!s.is_number_integer() || s.get<long long>() < 0)
      throw error(where + ".seeds", s.dump() + " is not a seed >= 0");
    out.seeds.push_back(s.get<uint64_t>());
  }
  for (const char* protocol : {"finetune", "probe"}) {
    const auto options = d.value(protocol, nlohmann::json::object());
    const std::string at = std::string("experiment downstream.") + protocol;
    requireKnownKeys(options, evaluationKeys(), at);
    if (options.contains("flip") && !options["flip"].is_boolean())
      throw error(where + "." + protocol + ".flip", "must be true or false");
    FinetuneOptions checked;  // each number against `pmg finetune`'s own bounds, now
    for (const auto& f : finetuneFields()) f.read(options, checked, at);
    out.options[protocol] = options;
  }
  return out;
}

ExperimentAxis parseAxis(const nlohmann::json& a, size_t index) {
  const std::string where = "axes[" + std::to_string(index) + "]";
  if (!a.is_object()) throw error(where, "must be an object {\"name\", \"variants\"}");
  requireKnownKeys(a, {"name", "variants"}, "experiment " + where);
  ExperimentAxis axis;
  axis.name = a.value("name", std::string());
  if (axis.name.empty()) throw error(where + ".name", "every axis needs a name");
  const std::string named = "axis '" + axis.name + "'";
  if (!a.contains("variants") || !a["variants"].is_array() || a["variants"].empty())
    throw error(named, "has no variants (give at least one)");
  std::set<std::string> seen;
  for (const auto& v : a["variants"]) {
    if (!v.is_object()) throw error(named, "each variant must be an object {\"name\", \"set\"}");
    requireKnownKeys(v, {"name", "set", "scratch"}, "experiment " + named + " variant");
    ExperimentVariant variant;
    variant.name = v.value("name", std::string());
    if (variant.name.empty()) throw error(named, "a variant has no name");
    if (!seen.insert(variant.name).second)
      throw error(named, "variant '" + variant.name + "' appears twice");
    variant.set = v.value("set", nlohmann::json::object());
    variant.scratch = v.value("scratch", false);
    if (!variant.set.is_object())
      throw error(named + " variant '" + variant.name + "'.set", "must be an object");
    requireKnownKeys(variant.set, kPresetKeys,
                     "experiment " + named + " variant '" + variant.name + "'.set");
    axis.variants.push_back(std::move(variant));
  }
  return axis;
}

/// Every combination of variants, first axis slowest.
std::vector<std::vector<size_t>> productOf(const std::vector<ExperimentAxis>& axes) {
  std::vector<std::vector<size_t>> cells{{}};
  for (const auto& axis : axes) {
    std::vector<std::vector<size_t>> next;
    for (const auto& partial : cells)
      for (size_t v = 0; v < axis.variants.size(); ++v) {
        next.push_back(partial);
        next.back().push_back(v);
      }
    cells = std::move(next);
  }
  return cells;
}

/// The explicit "cells" list: objects {axis: variant} naming every axis.
std::vector<std::vector<size_t>> listedCells(const nlohmann::json& list,
                                             const std::vector<ExperimentAxis>& axes) {
  std::vector<std::vector<size_t>> cells;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = "cells[" + std::to_string(i) + "]";
    if (!list[i].is_object()) throw error(where, "must be an object {axis: variant}");
    std::vector<std::string> axis_names;
    for (const auto& a : axes) axis_names.push_back(a.name);
    requireKnownKeys(list[i], axis_names, "experiment " + where);
    std::vector<size_t> cell;
    for (const auto& axis : axes) {
      if (!list[i].contains(axis.name))
        throw error(where, "does not choose axis '" + axis.name + "'");
      const std::string chosen = list[i][axis.name].is_string()
                                     ? list[i][axis.name].get<std::string>()
                                     : list[i][axis.name].dump();
      size_t v = 0;
      while (v < axis.variants.size() && axis.variants[v].name != chosen) ++v;
      if (v == axis.variants.size())
        throw error(where, "axis '" + axis.name + "' has no variant '" + chosen + "'");
      cell.push_back(v);
    }
    cells.push_back(std::move(cell));
  }
  return cells;
}

ExperimentCell makeCell(const Experiment& e, const std::vector<size_t>& choice,
                        const TrainValidator& validate_train) {
  ExperimentCell cell;
  cell.overrides = nlohmann::json::object();
  cell.pretrain_preset = e.base_preset;
  bool sets_steps = false, sets_epochs = false;
  for (size_t a = 0; a < choice.size(); ++a) {
    const auto& variant = e.axes[a].variants[choice[a]];
    cell.name += (cell.name.empty() ? "" : "+") + variant.name;
    cell.variants.push_back(variant.name);
    cell.scratch = cell.scratch || variant.scratch;
    cell.overrides.merge_patch(variant.set);
    cell.pretrain_preset.merge_patch(variant.set);
    sets_epochs = sets_epochs || variant.set.contains("epochs");
    sets_steps =
        sets_steps || (variant.set.contains("train") && variant.set["train"].contains("steps"));
  }
  if (cell.name.empty()) cell.name = "base";
  if (sets_steps && !sets_epochs) cell.pretrain_preset.erase("epochs");
  const std::string where = "cell '" + cell.name + "'";
  try {
    resolvePresetEpochs(cell.pretrain_preset, where);
    if (validate_train) validate_train(cell.pretrain_preset.at("train"));
  } catch (const std::exception& ex) {
    throw error(where + " (its variants' \"set\" on the base preset)", ex.what());
  }
  return cell;
}

/// "reference": {"COLUMN": {"CELL": number}}; every cell named must be a cell of the file, and a
/// column needs three cells or more (a rank correlation of two says nothing).
std::map<std::string, std::map<std::string, double>> parseReference(
    const nlohmann::json& j, const std::vector<ExperimentCell>& cells) {
  if (!j.is_object()) throw error("reference", "must be an object of columns");
  std::vector<std::string> names;
  for (const auto& c : cells) names.push_back(c.name);
  std::map<std::string, std::map<std::string, double>> out;
  for (const auto& [column, values] : j.items()) {
    const std::string where = "reference." + column;
    if (!values.is_object()) throw error(where, "must map cell names to numbers");
    requireKnownKeys(values, names, "experiment " + where);
    for (const auto& [cell, v] : values.items()) {
      if (!v.is_number() || !std::isfinite(v.get<double>()))
        throw error(where + "." + cell, "must be a finite number, got " + v.dump());
      out[column][cell] = v.get<double>();
    }
    if (out[column].size() < 3)
      throw error(where, "needs three cells or more, got " + std::to_string(out[column].size()));
  }
  return out;
}

}  // namespace

std::string experimentDirName(const std::string& name) {
  std::string out;
  for (char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
            c == '+')
               ? c
               : '_';
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

Experiment parseExperiment(const nlohmann::json& file, const std::string& scale,
                           const TrainValidator& validate_train) {
  if (!file.is_object()) throw error("file", "must be a JSON object");
  Experiment e;
  nlohmann::json resolved = file;
  if (file.contains("scales")) {
    const auto& scales = file["scales"];
    if (!scales.is_object() || scales.empty())
      throw error("scales", "must be an object of patches");
    const std::string chosen = scale.empty() && scales.contains("tiny-cpu") ? "tiny-cpu" : scale;
    if (!scales.contains(chosen)) {
      std::string names;
      for (const auto& [name, patch] : scales.items()) names += (names.empty() ? "" : ", ") + name;
      throw error("--scale", "'" + chosen + "' is not one of this file's scales: " + names);
    }
    // An object patches this file; a string names a shared scale (shared_scales.h).
    const auto& entry = scales[chosen];
    if (entry.is_string())
      resolved.merge_patch(sharedScale(entry.get<std::string>()));
    else if (entry.is_object())
      resolved.merge_patch(entry);
    else
      throw error("scales." + chosen,
                  "must be an object (a patch of this file) or the name of a shared scale");
    resolved.erase("scales");
    e.scale = chosen;
  } else if (!scale.empty()) {
    throw error("--scale", "this file has no \"scales\"");
  }
  requireKnownKeys(
      resolved, {"description", "pretrain", "downstream", "axes", "cells", "reference", "scales"},
      "experiment");
  e.description = resolved.value("description", std::string());
  const auto pretrain = resolved.value("pretrain", nlohmann::json::object());
  requireKnownKeys(pretrain, {"preset", "set", "per_seed"}, "experiment pretrain");
  if (pretrain.contains("per_seed") && !pretrain["per_seed"].is_boolean())
    throw error("pretrain.per_seed", "must be true or false");
  e.pretrain_per_seed = pretrain.value("per_seed", false);
  if (!pretrain.contains("preset") || !pretrain["preset"].is_string())
    throw error("pretrain.preset", "name a training preset (pmg presets) or a preset file");
  e.base_preset = loadTrainPreset(pretrain["preset"]);
  const auto base_set = pretrain.value("set", nlohmann::json::object());
  requireKnownKeys(base_set, kPresetKeys, "experiment pretrain.set");
  e.base_preset.merge_patch(base_set);
  if (!resolved.contains("downstream")) throw error("downstream", "is missing");
  e.downstream = parseDownstream(resolved["downstream"]);
  const auto axes = resolved.value("axes", nlohmann::json::array());
  if (!axes.is_array()) throw error("axes", "must be a list");
  std::set<std::string> axis_names;
  for (size_t i = 0; i < axes.size(); ++i) {
    e.axes.push_back(parseAxis(axes[i], i));
    if (!axis_names.insert(e.axes.back().name).second)
      throw error("axes", "axis '" + e.axes.back().name + "' appears twice");
  }
  const auto choices =
      resolved.contains("cells") ? listedCells(resolved["cells"], e.axes) : productOf(e.axes);
  if (choices.empty()) throw error("cells", "the list is empty");
  std::set<std::string> cell_names;
  for (const auto& choice : choices) {
    checkStop("planning (cell " + std::to_string(e.cells.size() + 1) + " of " +
              std::to_string(choices.size()) + ", nothing written)");
    e.cells.push_back(makeCell(e, choice, validate_train));
    if (!cell_names.insert(experimentDirName(e.cells.back().name)).second)
      throw error("cells", "cell '" + e.cells.back().name + "' appears twice");
  }
  e.reference = parseReference(resolved.value("reference", nlohmann::json::object()), e.cells);
  e.resolved = resolved;
  return e;
}

nlohmann::json readExperimentFile(const std::string& path) {
  requireRegularFile(path, "experiment file");
  std::ifstream f(path);
  if (!f) throw ConfigError("experiment: cannot read " + path);
  const std::string ext = path.size() > 5 ? path.substr(path.size() - 5) : "";
  if (ext == ".toml") {
#ifdef PMG_HAVE_TOML
    try {
      std::ostringstream json;  // TOML -> JSON text -> the same reader as JSON files
      json << toml::json_formatter{toml::parse(f, path)};
      return nlohmann::json::parse(json.str());
    } catch (const toml::parse_error& ex) {
      std::ostringstream where;
      where << ex.source().begin;
      throw ConfigError("experiment: " + path + " is not valid TOML at " + where.str() + ": " +
                        std::string(ex.description()));
    }
#else
    throw ConfigError("experiment: " + path +
                      ": this build reads no TOML (toml++ was not found); use JSON");
#endif
  }
  try {
    return nlohmann::json::parse(f);
  } catch (const nlohmann::json::exception& ex) {
    throw ConfigError("experiment: " + path + " is not valid JSON: " + ex.what());
  }
}

Experiment loadExperimentFile(const std::string& path, const std::string& scale,
                              const TrainValidator& validate_train) {
  return parseExperiment(readExperimentFile(path), scale, validate_train);
}

}  // namespace experiments
}  // namespace pmg
