// The run directory contract shared by `pmg train` and the GUI (design.md §4).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace runs {

/// Version of the events.jsonl schema written by this build, the one version field of an event.
/// 2: the step event of pmg/runs/step_event.h (no separate "v" field).
constexpr int kEventsSchema = 2;

/// Paths inside a run directory.
struct RunDir {
  std::string root;
  std::string config() const { return root + "/config.json"; }
  std::string events() const { return root + "/events.jsonl"; }
  std::string log() const { return root + "/log.txt"; }
  std::string checkpoints() const { return root + "/checkpoints"; }
  std::string snapshots() const { return root + "/snapshots"; }
  std::string tensorboard() const { return root + "/tb"; }
  /// Creates the directory and its sub-folders.
  void create() const;
};

/// Serialises JSON; bytes that are not UTF-8 (a file name, a shader comment) become
/// U+FFFD instead of failing the whole command.
std::string dumpJson(const nlohmann::json& j, int indent = -1);

/// Appends one JSON object as a line to a file (adds "schema"); flushes.
void appendJsonLine(const std::string& path, nlohmann::json event);

/// The JSON of a file, or null when it is missing or not valid JSON.
nlohmann::json readJsonOrNull(const std::string& path);

/// Reads all complete JSON lines of a file; a trailing partial line is ignored.
std::vector<nlohmann::json> readJsonLines(const std::string& path);

}  // namespace runs
}  // namespace pmg
