// `pmg bench data`: the training input pipeline alone, and how much of it a GPU needs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "pmg/config/train_presets.h"
#include "pmg/training/bench/data_bench.h"
#include "pmg/training/bench/train_bench.h"
#include "pmg/training/model/videomae_config.h"
#include "training_sources.h"
#include "validators.h"

namespace pmg::cli {

namespace {

struct DataBenchCli {
  std::string preset = "paper-vit-b", device = "auto";
  std::vector<std::string> sources;
  int batch = 32, batches = 8, workers = 0;
  double mfu = 0.4;
};

int runDataBench(const DataBenchCli& c) {
  training::TrainOptions o = training::trainOptionsFromJson(loadTrainPreset(c.preset).at("train"));
  o.batch = c.batch;
  o.device = c.device;
  if (!c.sources.empty()) {
    o.sources.clear();
    for (const auto& s : c.sources) o.sources.push_back(parseSourceSpec(s, false));
  }
  std::vector<std::unique_ptr<ImageSource>> owners;
  const auto sources = openSources(o.sources, owners);
  training::VideoMaeConfig mc = training::videoMaeConfig(o.model, o.model_overrides);
  mc.mask_ratio = o.mask_ratio;
  std::string names;
  for (const auto& s : o.sources) names += (names.empty() ? "" : ", ") + s.spec;
  std::printf(
      "Input pipeline of %s: %dx%dx%d clips, PMG '%s', sources %s, batch %d, %d measured "
      "batches\n",
      c.preset.c_str(), mc.frames, mc.image_size, mc.image_size, o.pmg_preset.c_str(),
      names.c_str(), o.batch, c.batches);
  const auto r = training::benchData(o, sources, c.batches, c.workers);
  const double one = r.loader.front().clips_per_s;
  double per_worker = 0;  // the best rate per worker thread
  for (const auto& l : r.loader) per_worker = std::max(per_worker, l.clips_per_s / l.workers);
  for (const auto& l : r.loader)
    std::printf("  loader, %2d worker(s): %8.1f clips/s (%.2fx of 1 worker)\n", l.workers,
                l.clips_per_s, l.clips_per_s / one);
  std::printf(
      "Moving one batch to %s: uint8 staging %.1f ms (ours) vs float on the host %.1f ms "
      "(%.2fx; %.2f MB per uint8 clip)%s\n",
      r.device.c_str(), r.staged_ms, r.host_float_ms, r.host_float_ms / r.staged_ms, r.clip_mb,
      r.device == "cpu" ? "; without a GPU, ours is timed up to its host share" : "");
  if (r.device_pmg_ms > 0) {
    const double rate = 1000.0 * o.batch / r.device_pmg_ms;
    std::printf(
        "GPU-resident PMG on %s (LibTorch ops): %.1f ms per batch = %.1f clips/s, "
        "shipping %.2f MB per clip instead of %.2f MB (%.0fx less)\n",
        r.device.c_str(), r.device_pmg_ms, rate, r.source_mb, r.clip_mb, r.clip_mb / r.source_mb);
  }
  const double need =
      training::gpuPeakTflops("H100") * 1e12 * c.mfu / training::trainingFlopsPerClip(mc);
  std::printf(
      "At %.0f%% MFU one H100 consumes %.0f clips/s of this model: about %.0f loader "
      "threads at the best rate per thread measured here (%.1f clips/s)\n",
      100.0 * c.mfu, need, std::ceil(need / per_worker), per_worker);
  return 0;
}

}  // namespace

void registerDataBench(CLI::App& bench, Action& action) {
  auto c = std::make_shared<DataBenchCli>();
  auto* cmd = bench.add_subcommand(
      "data",
      "Training input pipeline alone: loader clips/s by worker count, the batch's move "
      "to the device, and the rate a GPU needs");
  cmd->add_option("--preset", c->preset, "Training preset (model shape, PMG, sources)")
      ->capture_default_str();
  cmd->add_option("--source", c->sources, "Repeatable SPEC[:weight], instead of the preset's");
  cmd->add_option("--batch", c->batch, "Clips per batch")->capture_default_str();
  cmd->add_option("--batches", c->batches, "Measured batches per worker count")
      ->check(positive())
      ->capture_default_str();
  cmd->add_option("--workers", c->workers, "Most loader threads (0 = all cores)")
      ->check(nonNegative())
      ->capture_default_str();
  cmd->add_option("--device", c->device, "cpu | cuda | cuda:N | auto")->capture_default_str();
  cmd->add_option("--mfu", c->mfu, "MFU the GPU requirement assumes")
      ->check(between(0.01, 1.0))
      ->capture_default_str();
  cmd->callback([&action, c] { action = [c] { return runDataBench(*c); }; });
}

}  // namespace pmg::cli
