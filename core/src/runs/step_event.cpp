#include "pmg/runs/step_event.h"

namespace pmg {
inline namespace runs {

const std::vector<StepMetric>& stepMetrics() {
  static const std::vector<StepMetric> metrics = {
      {"loss", "Loss", 1.0, true, true},
      {"lr", "Learning rate", 1.0, true, false},
      {"grad_norm", "Grad norm", 1.0, true, true},
      {"clips_per_s", "Clips/s", 1.0, true, true},
      {"data_wait", "Data wait %", 100.0, true, true},
      {"memory_mb", "Memory MiB", 1.0, true, false},
      {"val_loss", "Validation loss", 1.0, false, false},
      {"val_ratio", "Validation loss / trivial", 1.0, false, false},
  };
  return metrics;
}

nlohmann::json toJson(const StepEvent& e) {
  nlohmann::json j = {{"step", e.step},           {"time", e.time},
                      {"loss", e.loss},           {"lr", e.lr},
                      {"grad_norm", e.grad_norm}, {"clips_per_s", e.clips_per_s},
                      {"data_wait", e.data_wait}, {"memory_mb", e.memory_mb},
                      {"eta_s", e.eta_s}};
  if (e.epoch) j["epoch"] = *e.epoch;
  if (!e.pmg_rendered_on.empty()) j["pmg_rendered_on"] = e.pmg_rendered_on;
  if (!e.mask.empty()) j["mask"] = e.mask;
  if (e.mask_tube_fallbacks > 0) j["mask_tube_fallbacks"] = e.mask_tube_fallbacks;
  if (!e.skipped.empty()) j["skipped"] = e.skipped;
  if (e.val_loss) j["val_loss"] = *e.val_loss;
  if (e.val_trivial) j["val_trivial"] = *e.val_trivial;
  if (e.val_ratio) j["val_ratio"] = *e.val_ratio;
  return j;
}

std::optional<double> metricValue(const nlohmann::json& event, const std::string& key) {
  if (!event.is_object()) return std::nullopt;
  const auto it = event.find(key);
  if (it == event.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

}  // namespace runs
}  // namespace pmg
