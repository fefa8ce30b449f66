// Shared experiment scales (see shared_scales.h).
#include "pmg/experiments/shared_scales.h"

#include "pmg/config/config_keys.h"

namespace pmg {

/// assets/experiments/scales/*.json, embedded at build time (cmake/EmbedShaders.cmake).
const std::vector<std::pair<std::string, std::string>>& embeddedExperimentScaleFiles();

inline namespace experiments {

namespace {

/// The parsed file of a shared scale: {"description": text, "patch": {...}}.
nlohmann::json scaleFile(const std::string& name) {
  for (const auto& [file, text] : embeddedExperimentScaleFiles()) {
    if (file != name + ".json") continue;
    auto json = nlohmann::json::parse(text);
    requireKnownKeys(json, {"description", "patch"}, "shared scale " + name);
    if (!json.contains("patch") || !json["patch"].is_object())
      throw ConfigError("shared scale " + name + ": \"patch\" must be an object");
    return json;
  }
  std::string names;
  for (const auto& n : sharedScaleNames()) names += (names.empty() ? "" : ", ") + n;
  throw ConfigError("'" + name + "' is not a shared scale: " + names);
}

}  // namespace

std::vector<std::string> sharedScaleNames() {
  std::vector<std::string> names;
  for (const auto& [file, text] : embeddedExperimentScaleFiles())
    names.push_back(file.substr(0, file.size() - 5));
  return names;
}

std::string sharedScaleDescription(const std::string& name) {
  return scaleFile(name).value("description", std::string());
}

nlohmann::json sharedScale(const std::string& name) {
  return scaleFile(name)["patch"];
}

}  // namespace experiments
}  // namespace pmg
