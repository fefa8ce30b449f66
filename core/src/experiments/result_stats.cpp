// Helpers of the experiment report (see result_stats.h).
#include "result_stats.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <set>

#include "pmg/runs/run_dir.h"

namespace pmg {
inline namespace experiments {
namespace report_detail {

PretrainInfo readPretrain(const std::string& dir, const ExperimentJob& job) {
  PretrainInfo info;
  double first_time = 0, last_time = 0;
  for (const auto& e : readJsonLines(dir + "/" + job.id + "/events.jsonl")) {
    if (!e.contains("step") || !e.contains("loss")) continue;
    info.steps = e["step"].get<long>() + 1;
    info.step.push_back(double(info.steps));
    info.loss.push_back(e["loss"].get<double>());
    if (e.contains("val_ratio")) info.val_ratio = e["val_ratio"].get<double>();
    if (e.contains("time")) (first_time == 0 ? first_time : last_time) = e["time"].get<double>();
  }
  info.wall_s = jobProgress(dir, job).wall_s;
  if (info.wall_s <= 0 && last_time > first_time) info.wall_s = last_time - first_time;
  return info;
}

std::vector<int> orderedK(const std::vector<ExperimentResultRow>& rows,
                          const std::string& protocol) {
  std::set<int> ks;
  for (const auto& r : rows)
    if (r.protocol == protocol) ks.insert(r.per_class);
  std::vector<int> out(ks.begin(), ks.end());
  std::stable_partition(out.begin(), out.end(), [](int k) { return k > 0; });
  return out;
}

std::string kName(int k) {
  return k > 0 ? "K=" + std::to_string(k) : "all";
}

MeanStd top1Of(const std::vector<ExperimentResultRow>& rows, const std::string& cell,
               const std::string& protocol, int k) {
  std::vector<double> v;
  for (const auto& r : rows)
    if (r.cell == cell && r.protocol == protocol && r.per_class == k) v.push_back(100.0 * r.top1);
  MeanStd m;
  m.n = v.size();
  if (v.empty()) return m;
  for (double x : v) m.mean += x / double(v.size());
  for (double x : v) m.std += (x - m.mean) * (x - m.mean);
  m.std = v.size() > 1 ? std::sqrt(m.std / double(v.size() - 1)) : 0.0;
  return m;
}

std::vector<std::string> cellsInOrder(const std::vector<ExperimentResultRow>& rows) {
  std::vector<std::string> cells;
  for (const auto& r : rows)
    if (std::find(cells.begin(), cells.end(), r.cell) == cells.end()) cells.push_back(r.cell);
  return cells;
}

std::string fixed(double v, int digits) {
  return fmt::format("{:.{}f}", v, digits);
}

}  // namespace report_detail
}  // namespace experiments
}  // namespace pmg
