// One description of every PMG config value: its JSON key, where it lives in PmgConfig,
// the allowed bounds, the GUI slider bounds and a help line. The JSON writer, the strict
// reader, validation and the GUI's parameter rows all walk these tables, so a bound or a
// key is written once.
#pragma once
#include <string>
#include <vector>

#include "pmg/config/pmg_config.h"

namespace pmg {
inline namespace config {

/// A parameter under "params": a single value or a [lo, hi] range drawn uniformly.
struct PmgParamField {
  const char* key;                     ///< JSON key under "params"
  const char* label;                   ///< GUI row label
  double PmgParams::*value = nullptr;  ///< set for single values
  Range PmgParams::*range = nullptr;   ///< set for [lo, hi] ranges
  double lo = 0.0, hi = 0.0;           ///< allowed values (validation, CLI, files)
  float ui_lo = 0.0f, ui_hi = 0.0f;    ///< GUI slider bounds, within [lo, hi]
  const char* help = "";               ///< one line for tooltips and docs
};

/// A top-level number of a PMG config (frames, size, mix_alpha, mix_probability).
struct PmgTopField {
  const char* key;
  const char* label;
  double lo = 0.0, hi = 0.0;         ///< allowed values
  float ui_lo = 0.0f, ui_hi = 0.0f;  ///< GUI slider bounds
  bool integer = false;              ///< an integer key: non-integral values are errors
  const char* help = "";
};

/// Every parameter under "params" except "objects" (which has its own reader), in GUI order.
const std::vector<PmgParamField>& pmgParamFields();

/// The top-level numbers of a PMG config.
const std::vector<PmgTopField>& pmgTopFields();

/// The field of `key` ("frames", ...); throws std::out_of_range for an unknown key.
const PmgTopField& pmgTopField(const std::string& key);

/// Every key a PMG config object may hold (the strict reader refuses others).
std::vector<std::string> pmgConfigKeys();

/// Every key "params" may hold.
std::vector<std::string> pmgParamKeys();

/// Reads and writes a top-level number through its field (frames and size are ints).
double pmgTopValue(const PmgConfig& config, const PmgTopField& field);
void setPmgTopValue(PmgConfig& config, const PmgTopField& field, double value);

}  // namespace config
}  // namespace pmg
