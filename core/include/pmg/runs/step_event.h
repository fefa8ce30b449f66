// One pre-training step as the run directory records it: the typed event the trainer fills,
// its JSON line in events.jsonl, and the one list of scalar metrics that the JSON lines,
// the TensorBoard writer and the GUI's charts all take their keys from.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pmg {
inline namespace runs {

/// A scalar of the step event: its JSON key (also the TensorBoard tag) and how it is charted.
struct StepMetric {
  const char* key;      ///< key in events.jsonl, tag in TensorBoard
  const char* title;    ///< chart title in the GUI
  double scale = 1.0;   ///< shown value = value * scale (data_wait as a percentage)
  bool chart = true;    ///< one chart in the Training dock (validation rides on the loss chart)
  bool smooth = false;  ///< noisy per-step metrics get the EMA line
};

/// Every scalar of a step event, in chart order: loss, lr, grad_norm, clips_per_s, data_wait,
/// memory_mb, then the validation values written every val_every steps.
const std::vector<StepMetric>& stepMetrics();

/// One step of pre-training.
struct StepEvent {
  int step = 0;       ///< 0-based step
  double time = 0.0;  ///< wall-clock seconds since the epoch
  double loss = 0.0;  ///< masked-patch MSE (averaged over ranks)
  double lr = 0.0;    ///< learning rate used
  double grad_norm = 0.0;
  double clips_per_s = 0.0;
  double data_wait = 0.0;       ///< fraction of the step spent waiting for clips
  double memory_mb = 0.0;       ///< peak device memory
  double eta_s = 0.0;           ///< estimated seconds to the last step
  std::optional<double> epoch;  ///< when an epoch length is known
  std::optional<double> val_loss, val_trivial, val_ratio;  ///< held-out validation steps
  std::string pmg_rendered_on, mask;                       ///< the first step of each start only
  int mask_tube_fallbacks = 0;       ///< clips masked with tubes instead of motion
  std::vector<std::string> skipped;  ///< unreadable source items met in this step
};

/// The event's JSON line (appendJsonLine adds the "schema" field).
nlohmann::json toJson(const StepEvent& e);

/// The value of metric `key` in a JSON event, if it has one.
std::optional<double> metricValue(const nlohmann::json& event, const std::string& key);

}  // namespace runs
}  // namespace pmg
