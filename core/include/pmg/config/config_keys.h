// Strict reading of JSON configs and presets: unknown keys are errors that name the
// key and suggest the nearest known one ("batch_size": did you mean "batch"?), and
// numbers are checked against the same ranges as the command line.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pmg/config/config_error.h"

namespace pmg {
inline namespace config {

/// The known key closest to `key` by edit distance ("" when none is close).
std::string nearestKey(const std::string& key, const std::vector<std::string>& known);

/// Throws ConfigError naming `where` and the first key of `object` that is not
/// in `known`, with the nearest known key as a suggestion.
void requireKnownKeys(const nlohmann::json& object, const std::vector<std::string>& known,
                      const std::string& where);

/// Reads number `key` of `object` (default when absent) and checks lo <= value <= hi;
/// throws ConfigError naming where/key, the allowed range and the value.
double numberInRange(const nlohmann::json& object, const std::string& key, double fallback,
                     double lo, double hi, const std::string& where);

/// Reads integer `key` of `object` (default when absent): a whole number in [lo, hi], checked
/// in 64 bits before any narrowing (4294967328 is not 32); throws ConfigError
/// naming where/key, the allowed range and the value.
long long integerInRange(const nlohmann::json& object, const std::string& key, long long fallback,
                         long long lo, long long hi, const std::string& where);

}  // namespace config
}  // namespace pmg
