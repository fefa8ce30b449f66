// Shared by the experiment report's tables and figures: each pre-training's record, the order
// of cells and K, and mean ± std of top-1 over seeds.
#pragma once
#include <string>
#include <vector>

#include "pmg/experiments/experiment_jobs.h"
#include "pmg/experiments/experiment_results.h"

namespace pmg {
inline namespace experiments {
namespace report_detail {

/// What a finished (or running) pre-training wrote: final val_ratio, wall time, loss curve.
struct PretrainInfo {
  double val_ratio = -1.0, wall_s = 0.0;
  long steps = 0;
  std::vector<double> step, loss;  ///< the loss curve
};

/// Reads the pre-training job `job` of experiment dir `dir` (its events.jsonl and progress).
PretrainInfo readPretrain(const std::string& dir, const ExperimentJob& job);

/// K in the order of a label-efficiency axis: 1, 5, 10, ..., then 0 (= all).
std::vector<int> orderedK(const std::vector<ExperimentResultRow>& rows,
                          const std::string& protocol);

/// "K=5", or "all" for 0.
std::string kName(int k);

/// Mean and sample standard deviation of top-1 (in %), and how many seeds.
struct MeanStd {
  double mean = 0, std = 0;
  size_t n = 0;
};

/// Mean and sample standard deviation of top-1 (in %) over the rows matching.
MeanStd top1Of(const std::vector<ExperimentResultRow>& rows, const std::string& cell,
               const std::string& protocol, int k);

/// The cells in the order their first row appears.
std::vector<std::string> cellsInOrder(const std::vector<ExperimentResultRow>& rows);

/// `v` with `digits` decimals.
std::string fixed(double v, int digits);

}  // namespace report_detail
}  // namespace experiments
}  // namespace pmg
