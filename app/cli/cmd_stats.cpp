// `pmg stats`: statistics that say whether PMG data is good for VideoMAE, per clip and summarised
// over a sample of a source: motion (frame difference, displacement, occluded and trackable
// fractions from the exact motion field), the frames' spectrum exponent and colour.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>

#include "commands.h"
#include "pmg/base/durable_file.h"
#include "pmg/base/parallel.h"
#include "pmg/base/progress.h"
#include "pmg/figures/histogram_figure.h"
#include "pmg/media/clip_writer.h"
#include "pmg/media/image_io.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/motion/motion_stats.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"
#include "pmg/stats/image_stats.h"
#ifdef PMG_HAVE_TRAINING
#include "pmg/training/evaluate/feature_diversity.h"
#endif
#include "clip_sampling.h"
#include "dataset_clips.h"
#include "source_factory.h"
#include "validators.h"

namespace pmg::cli {

namespace {

struct StatsOptions {
  std::string dir;  ///< a dataset folder instead of a source
  std::string source = "library";
  std::string transform = "paper-best";
  std::string config_file;
  std::string out = "pmg-stats";
  long count = 64;
  uint64_t seed = 0;
  int frames = 0, size = 0, threads = 0;
  std::string encoder;  ///< run directory for the diversity; empty: a fixed random tiny encoder
  bool diversity = true;
};

/// The measures of one clip, by name (the order of the figure's panels).
std::vector<std::pair<std::string, double>> clipMeasures(const GeneratedClip& g) {
  const ColourStats colour = colourStats(g.clip.frame(0));
  return {{"mean_frame_difference", g.stats.mean_frame_difference},
          {"mean_displacement_px", g.stats.mean_displacement},
          {"max_displacement_px", g.stats.max_displacement},
          {"trackable_fraction", g.stats.trackable_fraction},
          {"occluded_fraction", g.stats.occluded_fraction},
          {"spectrum_exponent", spectrumExponent(g.clip.frame(0))},
          {"saturation", colour.saturation},
          {"colourfulness", colour.colourfulness},
          {"mean_brightness", (colour.mean_r + colour.mean_g + colour.mean_b) / 3.0}};
}

/// The measures of a dataset clip: the exact-motion ones only when its manifest has them.
std::vector<std::pair<std::string, double>> datasetMeasures(const DatasetClip& d) {
  const auto diffs = frameDifferences(d.clip);
  double diff = 0;
  for (double v : diffs) diff += v / double(diffs.size());
  const ColourStats colour = colourStats(d.clip.frame(0));
  std::vector<std::pair<std::string, double>> m = {{"mean_frame_difference", diff}};
  if (d.manifest_stats.is_object())
    for (const auto& [key, name] : std::vector<std::pair<const char*, const char*>>{
             {"mean_displacement", "mean_displacement_px"},
             {"max_displacement", "max_displacement_px"},
             {"trackable_fraction", "trackable_fraction"},
             {"occluded_fraction", "occluded_fraction"}})
      if (d.manifest_stats.contains(key)) m.push_back({name, d.manifest_stats[key]});
  m.insert(m.end(), {{"spectrum_exponent", spectrumExponent(d.clip.frame(0))},
                     {"saturation", colour.saturation},
                     {"colourfulness", colour.colourfulness},
                     {"mean_brightness", (colour.mean_r + colour.mean_g + colour.mean_b) / 3.0}});
  return m;
}

/// One measured clip.
struct ClipRow {
  std::string name, transform;
  std::vector<std::pair<std::string, double>> measures;
};

nlohmann::json summary(const std::vector<double>& v) {
  if (v.empty()) return nullptr;
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  double mean = 0;
  for (double x : s) mean += x;
  mean /= double(s.size());
  double var = 0;
  for (double x : s) var += (x - mean) * (x - mean);
  auto q = [&](double p) { return s[size_t(std::lround(p * double(s.size() - 1)))]; };
  return {{"mean", mean},
          {"std", std::sqrt(var / double(s.size()))},
          {"p10", q(0.1)},
          {"median", q(0.5)},
          {"p90", q(0.9)}};
}

/// Samples `count` clips of the source (PMG with the exact motion) into rows and kept clips.
nlohmann::json sampleSource(const StatsOptions& o, std::map<long, ClipRow>& rows,
                            std::map<long, Clip>& kept, size_t& skipped) {
  const PmgConfig config = pmgConfigFromOptions(o.config_file, o.transform, o.frames, o.size, "");
  auto source = openSource(o.source, std::max(256, config.size));
  std::cerr << "pmg stats: " << o.count << " clip(s) of " << config.frames << "x" << config.size
            << "x" << config.size << " from " << source->describe() << " -> " << o.out << "\n";
  ProgressBar bar("stats", o.count);
  std::mutex mutex;
  ReadableClips sampled(config, *source, o.seed);
  parallelFor(o.count, o.threads, [&](long i) {
    const GeneratedClip g = sampled.clip(i, /*with_stats=*/true);
    auto measures = g.ok() ? clipMeasures(g) : decltype(clipMeasures(g)){};
    std::lock_guard<std::mutex> lock(mutex);
    if (g.ok()) {
      rows[i] = {g.source_name, transformName(g.program.kind), std::move(measures)};
      if (o.diversity) kept[i] = g.clip;
    }
    bar.tick();
  });
  bar.finish();
  skipped = sampled.skipped().size();
  return toJson(config);
}

/// Reads up to `count` clips of dataset folder o.dir (evenly spaced when it holds more);
/// unreadable files are skipped, named and counted.
void sampleDataset(const StatsOptions& o, std::map<long, ClipRow>& rows, std::map<long, Clip>& kept,
                   size_t& skipped) {
  const auto files = datasetClipFiles(o.dir);
  const long n = std::min<long>(o.count, long(files.size()));
  std::cerr << "pmg stats: " << n << " of the " << files.size() << " clip file(s) in " << o.dir
            << " -> " << o.out << "\n";
  ProgressBar bar("stats", n);
  std::mutex mutex;
  std::vector<std::string> unreadable;
  parallelFor(n, o.threads, [&](long i) {
    const std::string& path = files[size_t(double(i) * double(files.size()) / double(n))];
    try {
      const DatasetClip d =
          readDatasetClip(path, o.frames > 0 ? o.frames : 16, o.size > 0 ? o.size : 112);
      auto measures = datasetMeasures(d);
      std::lock_guard<std::mutex> lock(mutex);
      rows[i] = {std::filesystem::relative(path, o.dir).string(),
                 d.manifest_stats.is_object() ? "exact motion in manifest" : "motion unknown",
                 std::move(measures)};
      if (o.diversity) kept[i] = d.clip;
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex);
      unreadable.push_back(e.what());
    }
    bar.tick();
  });
  bar.finish();
  for (const auto& u : unreadable) std::cerr << "pmg stats: skipped " << u << "\n";
  skipped = unreadable.size();
}

int runStats(const StatsOptions& o) {
  refuseRunDir(o.out, "pmg stats");
  std::filesystem::create_directories(o.out);
  std::map<long, ClipRow> rows;
  std::map<long, Clip> kept;  // for the feature diversity
  size_t skipped = 0;
  nlohmann::json pmg = nullptr;
  if (o.dir.empty())
    pmg = sampleSource(o, rows, kept, skipped);
  else
    sampleDataset(o, rows, kept, skipped);
  nlohmann::json clips = nlohmann::json::array();
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> columns;
  for (const auto& [i, row] : rows) {
    nlohmann::json c = {{"index", i}, {"source", row.name}, {"transform", row.transform}};
    for (const auto& [k, v] : row.measures) {
      c[k] = v;
      if (!columns.count(k)) order.push_back(k);
      columns[k].push_back(v);
    }
    clips.push_back(c);
  }
  nlohmann::json sums = nlohmann::json::object();
  std::vector<HistogramPanel> panels;
  for (const auto& k : order) {
    sums[k] = summary(columns[k]);
    panels.push_back({k, columns[k]});
  }
  nlohmann::json diversity = nullptr;
#ifdef PMG_HAVE_TRAINING
  if (o.diversity && kept.size() >= 2) {
    std::vector<Clip> clips;
    for (auto& [i, c] : kept) clips.push_back(std::move(c));
    const auto d = training::featureDiversity(clips, o.encoder, o.seed);
    diversity = {{"logdet_per_dim", d.logdet_per_dim},
                 {"dims", d.dims},
                 {"clips", d.clips},
                 {"encoder", d.encoder}};
    std::printf(
        "  %-24s %9.4f  (log det of the covariance of %d-d encoder features per dimension, "
        "%d clips, %s)\n",
        "feature_diversity", d.logdet_per_dim, d.dims, d.clips, d.encoder.c_str());
  }
#endif
  const nlohmann::json report = {
      {"source", o.dir.empty() ? o.source : o.dir},
      {"feature_diversity", diversity},
      {"pmg", pmg},
      {"seed", o.seed},
      {"clips", long(rows.size())},
      {"skipped", skipped},
      {"summary", sums},
      {"per_clip", clips},
      {"notes",
       "displacements, occluded and trackable fractions come from the "
       "exact motion field (8-pixel grid; for a dataset folder, from the "
       "clips' manifests, absent for videos); spectrum_exponent is the "
       "amplitude-spectrum slope of frame 0 (natural images ~1, Yu et "
       "al.: 1.2-1.4 pre-trains best)"}};
  writeFileDurable(o.out + "/stats.json", dumpJson(report, 2));
  writeImageRgb(o.out + "/stats.png", histogramFigure(panels));
  for (const auto& k : order)
    if (sums[k].is_object())
      std::printf("  %-24s mean %9.4f  median %9.4f  p10 %9.4f  p90 %9.4f\n", k.c_str(),
                  sums[k]["mean"].get<double>(), sums[k]["median"].get<double>(),
                  sums[k]["p10"].get<double>(), sums[k]["p90"].get<double>());
  std::printf("%zu clip(s), %zu unreadable item(s) skipped -> %s/stats.json, %s/stats.png\n",
              rows.size(), skipped, o.out.c_str(), o.out.c_str());
  return rows.empty() && o.count > 0 ? 1 : 0;
}

}  // namespace

void registerStats(CLI::App& app, Action& action) {
  auto o = std::make_shared<StatsOptions>();
  auto* cmd = app.add_subcommand(
      "stats",
      "Statistics of PMG data from a source or of a dataset folder: motion (frame difference, "
      "displacement, occluded and "
      "trackable fractions from the exact field), spectrum exponent, colour; JSON and histograms");
  auto* dir_option = cmd->add_option(
      "dir", o->dir,
      "Dataset folder instead of a source: clips written by pmg generate (exact "
      "motion from their manifests) or videos (UCF101, HMDB51, the motion dataset)");
  cmd->add_option("--source", o->source,
                  "Image/video/.glsl file or folder, library, generated@N, ...")
      ->capture_default_str()
      ->excludes(dir_option);
  cmd->add_option("--transform", o->transform, "Transform name or preset")->capture_default_str();
  cmd->add_option("--config", o->config_file, "PMG config JSON (instead of --transform)")
      ->excludes(cmd->get_option("--transform"));
  cmd->add_option("--count", o->count, "Clips to sample")->capture_default_str()->check(positive());
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->add_option("--frames", o->frames, "Frames per clip (default 16)")
      ->check(pmgFieldBounds("frames"));
  cmd->add_option("--size", o->size, "Frame size (default 224)")->check(pmgFieldBounds("size"));
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")
      ->capture_default_str()
      ->check(between(0, 1024));
  cmd->add_option("--out", o->out, "Output folder")->capture_default_str();
  cmd->add_option("--encoder", o->encoder,
                  "Run directory whose encoder measures the feature diversity (default: a fixed "
                  "random tiny encoder, comparable across datasets)");
  cmd->add_flag("!--no-diversity", o->diversity, "Skip the feature diversity");
  cmd->callback([&action, o] { action = [o] { return runStats(*o); }; });
}

}  // namespace pmg::cli
