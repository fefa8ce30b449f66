// Experiment results: CSV, Markdown summary, rank agreement and the report that writes them with
// the figures (see experiment_results.h).
#include "pmg/experiments/experiment_results.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "experiment_figures.h"
#include "pmg/base/durable_file.h"
#include "pmg/experiments/experiment_jobs.h"
#include "pmg/runs/run_dir.h"
#include "result_stats.h"

namespace fs = std::filesystem;

namespace pmg {
inline namespace experiments {

using namespace report_detail;

namespace {

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::vector<ExperimentResultRow> collectExperimentResults(const std::string& dir) {
  std::ifstream f(dir + "/jobs.json");
  const auto plan = nlohmann::json::parse(f);
  std::map<std::string, nlohmann::json> cells;
  for (const auto& c : plan.at("cells")) cells[c.at("name")] = c;
  const auto jobs = readExperimentJobs(dir);
  std::map<std::string, PretrainInfo> pretrain;  // by job id (one per cell, or per seed)
  for (const auto& job : jobs)
    if (job.kind == ExperimentJobKind::Pretrain) pretrain[job.id] = readPretrain(dir, job);
  std::vector<ExperimentResultRow> rows;
  for (const auto& job : jobs) {
    if (job.kind != ExperimentJobKind::Evaluate) continue;
    std::ifstream rf(dir + "/" + job.id + "/results.json");
    if (!rf) continue;
    nlohmann::json results;
    try {
      results = nlohmann::json::parse(rf);
    } catch (const nlohmann::json::exception&) {
      continue;  // being written: the next report has it
    }
    ExperimentResultRow row;
    row.cell = job.cell;
    row.variants = cells[job.cell].value("variants", std::vector<std::string>());
    row.overrides = cells[job.cell].value("overrides", nlohmann::json::object());
    row.protocol = job.protocol;
    row.per_class = job.per_class;
    row.seed = job.seed;
    row.top1 = results.value("top1", 0.0);
    row.top5 = results.value("top5", 0.0);
    row.train_videos = results.value("train_videos", 0L);
    for (const auto& d : job.depends)  // the pre-training this evaluation starts from
      if (auto p = pretrain.find(d); p != pretrain.end()) {
        row.pretrain_val_ratio = p->second.val_ratio;
        row.pretrain_wall_s = p->second.wall_s;
        row.pretrain_steps = p->second.steps;
      }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string experimentResultsCsv(const std::vector<ExperimentResultRow>& rows,
                                 const std::vector<std::string>& axes) {
  std::ostringstream s;
  s << "cell";
  for (const auto& a : axes) s << "," << csvField(a);
  s << ",protocol,per_class,seed,top1,top5,train_videos,pretrain_val_ratio,pretrain_wall_s,"
       "pretrain_steps,overrides\n";
  for (const auto& r : rows) {
    s << csvField(r.cell);
    for (size_t a = 0; a < axes.size(); ++a)
      s << "," << csvField(a < r.variants.size() ? r.variants[a] : "");
    s << "," << r.protocol << "," << r.per_class << "," << r.seed << "," << fixed(r.top1, 6) << ","
      << fixed(r.top5, 6) << "," << r.train_videos << ","
      << (r.pretrain_val_ratio >= 0 ? fixed(r.pretrain_val_ratio, 6) : "") << ","
      << fixed(r.pretrain_wall_s, 1) << "," << r.pretrain_steps << ","
      << csvField(r.overrides.dump()) << "\n";
  }
  return s.str();
}

std::string experimentSummaryMarkdown(const std::vector<ExperimentResultRow>& rows,
                                      const std::string& title) {
  std::ostringstream s;
  s << "# " << title << "\n\nTop-1 (%) on the test split, mean ± sample std over seeds (n = "
    << "seeds finished); the best mean of each column in bold. " << rows.size()
    << " evaluations finished.\n";
  std::vector<std::string> protocols;
  for (const auto& r : rows)
    if (std::find(protocols.begin(), protocols.end(), r.protocol) == protocols.end())
      protocols.push_back(r.protocol);
  const auto cells = cellsInOrder(rows);
  for (const auto& protocol : protocols) {
    const auto ks = orderedK(rows, protocol);
    s << "\n## " << (protocol == "probe" ? "Linear probe" : "Fine-tuning") << "\n\n| cell |";
    for (int k : ks) s << " " << kName(k) << " |";
    s << " pre-train val_ratio | pre-train wall |\n|---|";
    for (size_t i = 0; i < ks.size(); ++i) s << "---|";
    s << "---|---|\n";
    std::map<int, double> best;
    for (int k : ks)
      for (const auto& c : cells) {
        const auto m = top1Of(rows, c, protocol, k);
        if (m.n > 0 && (!best.count(k) || m.mean > best[k])) best[k] = m.mean;
      }
    for (const auto& c : cells) {
      s << "| " << c << " |";
      const ExperimentResultRow* any = nullptr;
      for (const auto& r : rows)
        if (r.cell == c && r.protocol == protocol) any = &r;
      for (int k : ks) {
        const auto m = top1Of(rows, c, protocol, k);
        if (m.n == 0) {
          s << " - |";
          continue;
        }
        const std::string v =
            fixed(m.mean, 1) + " ± " + fixed(m.std, 1) + " (n=" + std::to_string(m.n) + ")";
        s << " " << (m.mean == best[k] ? "**" + v + "**" : v) << " |";
      }
      if (any && any->pretrain_steps > 0)
        s << " " << (any->pretrain_val_ratio >= 0 ? fixed(any->pretrain_val_ratio, 3) : "-")
          << " | "
          << (any->pretrain_wall_s < 120 ? fixed(any->pretrain_wall_s, 0) + " s"
                                         : fixed(any->pretrain_wall_s / 60.0, 1) + " min")
          << " (" << any->pretrain_steps << " steps) |\n";
      else
        s << " from scratch | - |\n";
    }
  }
  return s.str();
}

namespace {

/// The "reference" columns of the experiment planned in `dir` (experiment.json).
std::map<std::string, std::map<std::string, double>> referenceOf(const std::string& dir) {
  std::map<std::string, std::map<std::string, double>> out;
  std::ifstream f(dir + "/experiment.json");
  if (!f) return out;
  const nlohmann::json record = nlohmann::json::parse(f, nullptr, false);
  if (!record.is_object() || !record.contains("experiment")) return out;
  const nlohmann::json& experiment = record["experiment"];
  if (!experiment.is_object() || !experiment.contains("reference")) return out;
  const nlohmann::json& reference = experiment["reference"];
  for (auto column = reference.begin(); column != reference.end(); ++column)
    for (auto cell = column->begin(); cell != column->end(); ++cell)
      if (cell->is_number()) out[column.key()][cell.key()] = cell->get<double>();
  return out;
}

/// rank_correlation.json: one object per agreement.
nlohmann::json agreementJson(const std::vector<ExperimentAgreement>& agreements) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : agreements)
    out.push_back({{"protocol", a.protocol},
                   {"per_class", a.per_class},
                   {"reference", a.column},
                   {"cells", a.cells},
                   {"spearman", a.agreement.spearman},
                   {"spearman_95", {a.agreement.spearman_lo, a.agreement.spearman_hi}},
                   {"kendall", a.agreement.kendall},
                   {"kendall_95", {a.agreement.kendall_lo, a.agreement.kendall_hi}}});
  return out;
}

}  // namespace

std::vector<ExperimentAgreement> experimentRankAgreement(
    const std::vector<ExperimentResultRow>& rows,
    const std::map<std::string, std::map<std::string, double>>& reference) {
  std::vector<ExperimentAgreement> out;
  std::vector<std::string> protocols;
  for (const auto& r : rows)
    if (std::find(protocols.begin(), protocols.end(), r.protocol) == protocols.end())
      protocols.push_back(r.protocol);
  for (const auto& protocol : protocols) {
    const int k = orderedK(rows, protocol).back();  // the K of the top-1 figure
    for (const auto& [column, values] : reference) {
      ExperimentAgreement a;
      a.protocol = protocol;
      a.per_class = k;
      a.column = column;
      std::vector<std::vector<double>> samples;
      std::vector<double> ref;
      for (const auto& [cell, value] : values) {
        std::vector<double> seeds;
        for (const auto& r : rows)
          if (r.cell == cell && r.protocol == protocol && r.per_class == k) seeds.push_back(r.top1);
        if (seeds.empty()) continue;
        a.cells.push_back(cell);
        samples.push_back(seeds);
        ref.push_back(value);
      }
      if (a.cells.size() < 3) continue;  // too few finished cells to rank
      a.agreement = rankAgreement(samples, ref);
      out.push_back(std::move(a));
    }
  }
  return out;
}

std::string experimentRankAgreementMarkdown(const std::vector<ExperimentAgreement>& agreements) {
  if (agreements.empty()) return "";
  std::ostringstream s;
  s << "\n## Rank agreement with the reference\n\nSpearman's rho and Kendall's tau-b between "
       "the cells' mean top-1 and the experiment file's \"reference\" columns; 95% intervals "
       "from 2000 bootstrap resamples of each cell's seeds. +1: the same order, 0: unrelated, "
       "-1: reversed.\n\n| protocol | K | reference | cells | Spearman rho [95%] | Kendall tau "
       "[95%] |\n|---|---|---|---|---|---|\n";
  for (const auto& a : agreements) {
    const auto& g = a.agreement;
    s << "| " << a.protocol << " | " << kName(a.per_class) << " | " << a.column << " | "
      << a.cells.size() << " | " << fixed(g.spearman, 2) << " [" << fixed(g.spearman_lo, 2) << ", "
      << fixed(g.spearman_hi, 2) << "] | " << fixed(g.kendall, 2) << " [" << fixed(g.kendall_lo, 2)
      << ", " << fixed(g.kendall_hi, 2) << "] |\n";
  }
  return s.str();
}

ExperimentReport writeExperimentReport(const std::string& dir) {
  std::ifstream f(dir + "/jobs.json");
  if (!f) throw std::invalid_argument(dir + " is not an experiment directory (no jobs.json)");
  const auto plan = nlohmann::json::parse(f);
  const auto axes = plan.value("axes", std::vector<std::string>());
  const auto rows = collectExperimentResults(dir);
  ExperimentReport report;
  report.rows = rows.size();
  writeFileDurable(dir + "/results.csv", experimentResultsCsv(rows, axes));
  const auto reference = referenceOf(dir);
  report.agreements = experimentRankAgreement(rows, reference);
  writeFileDurable(
      dir + "/summary.md",
      experimentSummaryMarkdown(rows, "Experiment " + fs::path(dir).filename().string()) +
          experimentRankAgreementMarkdown(report.agreements));
  writeFileDurable(dir + "/rank_correlation.json", agreementJson(report.agreements).dump(2) + "\n");
  report.figures = writeExperimentFigures(dir, rows, report.agreements, reference);
  return report;
}

}  // namespace experiments
}  // namespace pmg
