// Experiments compared by rank agreement (see experiment_compare.h).
#include "pmg/experiments/experiment_compare.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "pmg/base/durable_file.h"
#include "pmg/config/config_error.h"
#include "pmg/figures/plot_figure.h"
#include "pmg/media/image_io.h"
#include "pmg/runs/run_dir.h"

namespace pmg {
inline namespace experiments {

namespace {

namespace fs = std::filesystem;

/// "0.42 [0.10, 0.71]".
std::string withInterval(double v, double lo, double hi) {
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", v, lo, hi);
}

/// Agreements grouped by (protocol, reference), in first-seen order.
std::vector<std::vector<ComparedAgreement>> groups(const std::vector<ComparedAgreement>& all) {
  std::vector<std::vector<ComparedAgreement>> out;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const auto& a : all) {
    const auto key = std::make_pair(a.protocol, a.reference);
    if (!index.count(key)) {
      index[key] = out.size();
      out.emplace_back();
    }
    out[index[key]].push_back(a);
  }
  return out;
}

}  // namespace

std::vector<ComparedAgreement> readComparedAgreements(const std::vector<std::string>& dirs) {
  std::vector<ComparedAgreement> out;
  for (const auto& dir : dirs) {
    const nlohmann::json agreements = readJsonOrNull(dir + "/rank_correlation.json");
    if (!agreements.is_array())
      throw ConfigError("experiment compare: " + dir +
                        " has no rank_correlation.json (run `pmg experiment report " + dir +
                        "` first; the experiment file needs a \"reference\")");
    const nlohmann::json planned = readJsonOrNull(dir + "/experiment.json");
    std::string name = fs::path(dir).lexically_normal().filename().string();
    if (name.empty()) name = fs::path(dir).lexically_normal().parent_path().filename().string();
    if (planned.is_object() && planned.value("scale", std::string()) != "")
      name = planned["scale"].get<std::string>();
    for (const auto& a : agreements) {
      ComparedAgreement c;
      c.experiment = name;
      c.protocol = a.value("protocol", std::string());
      c.reference = a.value("reference", std::string());
      c.cells = int(a.value("cells", nlohmann::json::array()).size());
      c.spearman = a.value("spearman", 0.0);
      c.kendall = a.value("kendall", 0.0);
      const auto s = a.value("spearman_95", nlohmann::json::array({0.0, 0.0}));
      const auto k = a.value("kendall_95", nlohmann::json::array({0.0, 0.0}));
      c.spearman_lo = s.at(0);
      c.spearman_hi = s.at(1);
      c.kendall_lo = k.at(0);
      c.kendall_hi = k.at(1);
      out.push_back(c);
    }
  }
  return out;
}

std::string comparisonMarkdown(const std::vector<ComparedAgreement>& agreements) {
  std::string md = "# Rank agreement of each experiment with the reference columns\n\n";
  if (agreements.empty()) return md + "No experiment had a reference to compare with.\n";
  for (const auto& group : groups(agreements)) {
    md += fmt::format("## {} vs {}\n\n", group.front().protocol, group.front().reference);
    md += "| experiment | cells | Spearman rho [95%] | Kendall tau-b [95%] |\n|---|---|---|---|\n";
    const ComparedAgreement* best = nullptr;
    for (const auto& a : group) {
      md += fmt::format("| {} | {} | {} | {} |\n", a.experiment, a.cells,
                        withInterval(a.spearman, a.spearman_lo, a.spearman_hi),
                        withInterval(a.kendall, a.kendall_lo, a.kendall_hi));
      if (!best || a.spearman_lo > best->spearman_lo) best = &a;
    }
    md += fmt::format("\nHighest lower end of the Spearman interval: **{}** ({}); {}.\n\n",
                      best->experiment,
                      withInterval(best->spearman, best->spearman_lo, best->spearman_hi),
                      best->spearman_lo > 0 ? "its interval lies above zero"
                                            : "no experiment's interval lies above zero");
  }
  return md;
}

std::vector<std::string> writeExperimentComparison(const std::vector<std::string>& dirs,
                                                   const std::string& out) {
  const auto agreements = readComparedAgreements(dirs);
  fs::create_directories(out);
  std::vector<std::string> written;
  writeFileDurable(out + "/compare.md", comparisonMarkdown(agreements));
  written.push_back(out + "/compare.md");
  nlohmann::json j = nlohmann::json::array();
  for (const auto& a : agreements)
    j.push_back({{"experiment", a.experiment},
                 {"protocol", a.protocol},
                 {"reference", a.reference},
                 {"cells", a.cells},
                 {"spearman", a.spearman},
                 {"spearman_95", {a.spearman_lo, a.spearman_hi}},
                 {"kendall", a.kendall},
                 {"kendall_95", {a.kendall_lo, a.kendall_hi}}});
  writeFileDurable(out + "/compare.json", j.dump(2) + "\n");
  written.push_back(out + "/compare.json");
  for (const auto& group : groups(agreements)) {
    std::vector<PlotInterval> items;
    for (const auto& a : group)
      items.push_back({a.experiment, a.spearman, a.spearman_lo, a.spearman_hi});
    const std::string path =
        out + "/rank-" + group.front().protocol + "-" + group.front().reference + ".png";
    writeImageRgb(path, intervalFigure("Spearman rho vs " + group.front().reference + " (" +
                                           group.front().protocol + "), 95% bootstrap interval",
                                       "rho", items, -1.0, 1.0));
    written.push_back(path);
  }
  return written;
}

}  // namespace experiments
}  // namespace pmg
