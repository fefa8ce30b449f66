// An experiment's results from whatever has finished: results.csv (one row per cell x
// protocol x K x seed), summary.md (mean ± std over seeds, best per column marked, the
// pre-training's final val_ratio and wall time) and figures (top-1 bars, label-efficiency
// curves, overlaid pre-training loss curves). `pmg experiment report` and the runner call
// writeExperimentReport; the GUI reads the same files.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pmg/stats/rank_correlation.h"

namespace pmg {
inline namespace experiments {

/// One finished evaluation.
struct ExperimentResultRow {
  std::string cell;
  std::vector<std::string> variants;  ///< one per axis
  std::string protocol;
  int per_class = 0;
  unsigned long long seed = 0;
  double top1 = 0.0, top5 = 0.0;
  long train_videos = 0;
  double pretrain_val_ratio = -1.0;  ///< -1 when from scratch or not validated
  double pretrain_wall_s = 0.0;
  long pretrain_steps = 0;
  nlohmann::json overrides;  ///< the cell's merged variant patches
};

/// Rows of every evaluation of experiment dir `dir` that has a results.json.
std::vector<ExperimentResultRow> collectExperimentResults(const std::string& dir);

/// results.csv text: columns cell, one per axis, protocol, per_class, seed, top1, top5,
/// train_videos, pretrain_val_ratio, pretrain_wall_s, pretrain_steps, overrides (JSON).
std::string experimentResultsCsv(const std::vector<ExperimentResultRow>& rows,
                                 const std::vector<std::string>& axes);

/// summary.md text: per protocol a table of cells x K with mean ± std (n), best in bold.
std::string experimentSummaryMarkdown(const std::vector<ExperimentResultRow>& rows,
                                      const std::string& title);

/// How the cells' mean top-1 of one protocol ranks against one reference column.
struct ExperimentAgreement {
  std::string protocol;
  int per_class = 0;               ///< the K compared (the largest, as in the top-1 figure)
  std::string column;              ///< the reference column, e.g. "hmdb51"
  std::vector<std::string> cells;  ///< cells in the reference that have results
  RankAgreement agreement;
};

/// Rank agreement of `rows` with each reference column (columns with fewer than three
/// finished cells are left out).
std::vector<ExperimentAgreement> experimentRankAgreement(
    const std::vector<ExperimentResultRow>& rows,
    const std::map<std::string, std::map<std::string, double>>& reference);

/// The summary.md section of the agreements ("" when there are none).
std::string experimentRankAgreementMarkdown(const std::vector<ExperimentAgreement>& agreements);

/// What writeExperimentReport wrote.
struct ExperimentReport {
  size_t rows = 0;                              ///< evaluations with results
  std::vector<std::string> figures;             ///< paths of the PNGs written
  std::vector<ExperimentAgreement> agreements;  ///< also in summary.md and rank_correlation.json
};

/// Writes results.csv, summary.md (with the rank agreement against the file's "reference"),
/// rank_correlation.json and figures/*.png into `dir` from what has finished.
ExperimentReport writeExperimentReport(const std::string& dir);

}  // namespace experiments
}  // namespace pmg
