// One description of every numeric training option: its config-file key, its command-line
// flag, the allowed bounds and a help line. `pmg train`'s validators, the strict preset /
// config.json reader and the GUI's Training form all take their bounds from this table, so
// "batch" has one range everywhere.
#pragma once
#include <string>
#include <vector>

namespace pmg {
inline namespace config {

/// A numeric option of TrainOptions ("train" in presets and config.json).
struct TrainOptionField {
  const char* key;   ///< key under "train"
  const char* flag;  ///< `pmg train` flag ("" when only files set it)
  double lo, hi;     ///< allowed values, inclusive
  bool integer;      ///< a whole number (checked in 64 bits before narrowing)
  const char* help;  ///< one line for --help and tooltips
};

/// Every numeric training option.
const std::vector<TrainOptionField>& trainOptionFields();

/// The field of `key`; throws std::out_of_range for an unknown key.
const TrainOptionField& trainOptionField(const std::string& key);

}  // namespace config
}  // namespace pmg
