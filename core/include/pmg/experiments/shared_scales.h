#pragma once
// Scales shared by the shipped experiment files (assets/experiments/scales/NAME.json, embedded
// at build time): a file's "scales" entry that is a string names one of them, so one setting
// such as tiny-cpu or the proxy is described once for every file.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace pmg {
inline namespace experiments {

/// The names of the shared scales, sorted.
std::vector<std::string> sharedScaleNames();

/// The one-line description of a shared scale; throws ConfigError for an unknown name.
std::string sharedScaleDescription(const std::string& name);

/// The merge patch a shared scale applies to an experiment file; throws ConfigError naming the
/// known scales for an unknown name.
nlohmann::json sharedScale(const std::string& name);

}  // namespace experiments
}  // namespace pmg
