// The experiment report's figures (see experiment_figures.h).
#include "experiment_figures.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "pmg/experiments/experiment_jobs.h"
#include "pmg/figures/plot_figure.h"
#include "pmg/media/image_io.h"
#include "result_stats.h"

namespace pmg {
inline namespace experiments {

namespace {

using namespace report_detail;

/// Writes figures into one directory and remembers their paths.
struct FigureWriter {
  std::string dir;
  std::vector<std::string> written;
  void save(const std::string& name, const cv::Mat& img) {
    writeImageRgb(dir + "/" + name, img);
    written.push_back(dir + "/" + name);
  }
};

/// Per protocol: top-1 bars at the largest K and, with several K, label-efficiency curves.
void topOneFigures(const std::vector<ExperimentResultRow>& rows, FigureWriter& out) {
  const auto cells = cellsInOrder(rows);
  std::set<std::string> protocols;
  for (const auto& r : rows) protocols.insert(r.protocol);
  for (const auto& protocol : protocols) {
    const auto ks = orderedK(rows, protocol);
    std::vector<PlotBar> bars;
    for (const auto& c : cells) {
      const auto m = top1Of(rows, c, protocol, ks.back());
      if (m.n > 0) bars.push_back({c, m.mean, m.std});
    }
    out.save("top1-" + protocol + ".png",
             barFigure(protocol + " top-1 (%) at " + kName(ks.back()) + ", mean +- std over seeds",
                       "top-1 %", bars));
    if (ks.size() < 2) continue;
    std::vector<PlotSeries> curves;
    std::vector<std::string> ticks;
    for (int k : ks) ticks.push_back(k > 0 ? std::to_string(k) : "all");
    for (const auto& c : cells) {
      PlotSeries s{c, {}, {}, {}};
      for (size_t i = 0; i < ks.size(); ++i) {
        const auto m = top1Of(rows, c, protocol, ks[i]);
        if (m.n == 0) continue;
        s.x.push_back(double(i));
        s.y.push_back(m.mean);
        s.error.push_back(m.std);
      }
      curves.push_back(std::move(s));
    }
    out.save("label-efficiency-" + protocol + ".png",
             lineFigure(protocol + ": top-1 vs labelled clips per class", "clips per class (K)",
                        "top-1 %", curves, ticks));
  }
}

/// Per agreement: cells in the reference's order (x), their rank here and in the reference (y).
void rankFigures(const std::vector<ExperimentResultRow>& rows,
                 const std::vector<ExperimentAgreement>& agreements,
                 const std::map<std::string, std::map<std::string, double>>& reference,
                 FigureWriter& out) {
  for (const auto& a : agreements) {
    const auto& ref = reference.at(a.column);
    std::vector<std::pair<double, std::string>> by_ref;
    for (const auto& c : a.cells) by_ref.push_back({ref.at(c), c});
    std::sort(by_ref.begin(), by_ref.end());
    std::vector<double> measured;
    for (const auto& [value, cell] : by_ref)
      measured.push_back(top1Of(rows, cell, a.protocol, a.per_class).mean);
    const auto ranks = averageRanks(measured);
    PlotSeries here{"rank here", {}, {}, {}}, there{"rank in " + a.column, {}, {}, {}};
    std::vector<std::string> ticks;
    for (size_t i = 0; i < by_ref.size(); ++i) {
      ticks.push_back(by_ref[i].second);
      there.x.push_back(double(i));
      there.y.push_back(double(i + 1));
      here.x.push_back(double(i));
      here.y.push_back(ranks[i]);
    }
    out.save(
        "rank-" + a.protocol + "-" + a.column + ".png",
        lineFigure(a.protocol + " vs " + a.column + ": Spearman " + fixed(a.agreement.spearman, 2) +
                       ", Kendall " + fixed(a.agreement.kendall, 2) + " (rank 1 = worst)",
                   "cells, worst to best in " + a.column, "rank", {there, here}, ticks));
  }
}

/// Every pre-training's loss curve (smoothed to at most 200 points), overlaid.
void pretrainLossFigure(const std::string& dir, FigureWriter& out) {
  std::vector<PlotSeries> losses;
  for (const auto& job : readExperimentJobs(dir)) {
    if (job.kind != ExperimentJobKind::Pretrain) continue;
    const auto info = readPretrain(dir, job);
    if (info.step.empty()) continue;
    const bool per_seed = job.id.find("/pretrain-s") != std::string::npos;
    PlotSeries s{job.cell + (per_seed ? " s" + std::to_string(job.seed) : ""), {}, {}, {}};
    const size_t window = std::max<size_t>(1, info.step.size() / 200);
    for (size_t i = 0; i + window <= info.step.size(); i += window) {
      double sum = 0;
      for (size_t j = i; j < i + window; ++j) sum += info.loss[j];
      s.x.push_back(info.step[i + window - 1]);
      s.y.push_back(sum / double(window));
    }
    losses.push_back(std::move(s));
  }
  if (!losses.empty())
    out.save("pretrain-loss.png",
             lineFigure("pre-training loss (masked-patch MSE)", "step", "loss", losses, {}, true));
}

}  // namespace

std::vector<std::string> writeExperimentFigures(
    const std::string& dir, const std::vector<ExperimentResultRow>& rows,
    const std::vector<ExperimentAgreement>& agreements,
    const std::map<std::string, std::map<std::string, double>>& reference) {
  FigureWriter out{dir + "/figures", {}};
  std::filesystem::create_directories(out.dir);
  topOneFigures(rows, out);
  rankFigures(rows, agreements, reference, out);
  pretrainLossFigure(dir, out);
  return out.written;
}

}  // namespace experiments
}  // namespace pmg
