// Reads a run directory's events.jsonl incrementally (works for runs started by the
// GUI, by the CLI, or before a GUI restart) and keeps the series the charts show.
// Qt-free so it is testable without a display.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pmg::gui {

/// One metric over steps.
struct Series {
  std::vector<double> steps, values;
};

/// TensorBoard's debiased exponential moving average (weight in [0, 1)).
std::vector<double> smoothEma(const std::vector<double>& values, double weight);

/// One resolved-config key and its value in each run ("" where a run lacks it).
struct ConfigRow {
  std::string key;  ///< JSON pointer, e.g. "/train/batch"
  std::vector<std::string> values;
};

/// The keys of the runs' config.json whose values differ (all keys for one run), sorted;
/// a run without a readable config.json gives "" everywhere.
std::vector<ConfigRow> diffRunConfigs(const std::vector<std::string>& run_dirs);

/// Tails events.jsonl of a run: poll() reads only what was appended since last time.
class RunMonitor {
 public:
  explicit RunMonitor(std::string run_dir);
  /// Reads new complete lines; returns how many events arrived.
  int poll();
  const std::string& runDir() const { return run_dir_; }
  const Series& series(const std::string& metric) const;
  /// The last event (empty object before the first).
  const nlohmann::json& last() const { return last_; }
  /// Snapshot folders (snapshots/step-N) sorted by step.
  std::vector<std::string> snapshots() const;

 private:
  std::string run_dir_;
  uint64_t offset_ = 0;
  std::string partial_;
  nlohmann::json last_ = nlohmann::json::object();
  std::vector<std::pair<std::string, Series>> series_;
};

}  // namespace pmg::gui
