// `pmg generate`: writes pseudo-motion clips with filmstrips and manifests.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "clip_sampling.h"
#include "commands.h"
#include "pmg/base/durable_file.h"
#include "pmg/base/parallel.h"
#include "pmg/base/progress.h"
#include "pmg/media/clip_writer.h"
#include "pmg/media/image_io.h"
#include "pmg/media/npy.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/motion/motion_field.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"
#include "source_factory.h"
#include "validators.h"

namespace pmg::cli {

namespace {

struct GenerateOptions {
  std::string source = "library";
  std::string transform = "paper-best";
  std::string config_file;
  std::string mode;
  std::string out = "pmg-clips";
  std::string format = "mp4";
  long count = 16;
  uint64_t seed = 0;
  int frames = 0, size = 0, threads = 0;
  bool flow = false;
};

/// Writes the clip's exact flow and visibility (.npy) and a colour-wheel filmstrip; returns
/// what the manifest says of them.
nlohmann::json writeFlow(const GeneratedClip& g, const std::string& base) {
  MotionField field = motionField(g.program);
  const int steps = field.frames - 1, n = field.size;
  writeNpyF32(base + "_flow.npy", field.flow.data(), {steps, n, n, 2});
  writeNpyU8(base + "_visible.npy", field.visible.data(), {steps, n, n});
  Clip colours(std::max(1, steps), n, n);
  double fastest = 0.0;
  for (size_t k = 0; k + 1 < field.flow.size(); k += 2)
    fastest = std::max(fastest, std::hypot(double(field.flow[k]), double(field.flow[k + 1])));
  for (int t = 0; t < steps; ++t) flowColors(field, t, fastest).copyTo(colours.frame(t));
  writeImageRgb(base + "_flow.png", filmstrip(colours));
  const double visible =
      field.visible.empty()
          ? 1.0
          : double(std::count(field.visible.begin(), field.visible.end(), uint8_t(1))) /
                double(field.visible.size());
  return {{"flow", std::filesystem::path(base + "_flow.npy").filename().string()},
          {"visible", std::filesystem::path(base + "_visible.npy").filename().string()},
          {"max_speed_px", fastest},
          {"visible_fraction", visible}};
}

int runGenerate(const GenerateOptions& o) {
  const PmgConfig config =
      pmgConfigFromOptions(o.config_file, o.transform, o.frames, o.size, o.mode);
  const ClipFormat format = parseClipFormat(o.format);
  refuseRunDir(o.out, "pmg generate");
  auto source = openSource(o.source, std::max(256, config.size));
  std::filesystem::create_directories(o.out);
  writeFileDurable(o.out + "/config.json", toJson(config).dump(2));
  std::cerr << "pmg generate: " << o.count << " clip(s) of " << config.frames << "x" << config.size
            << "x" << config.size << " from " << source->describe() << ", seed " << o.seed
            << ", mode " << recursionModeName(config.mode) << " -> " << o.out << "\n";
  ProgressBar bar("generate", o.count);
  std::mutex log_mutex;
  std::atomic<long> written{0};
  double diff_sum = 0.0, disp_sum = 0.0;
  const long items = source->size();
  ReadableClips clips(config, *source, o.seed);
  parallelFor(o.count, o.threads, [&](long i) {
    // --count clips are delivered while at least one source item is readable.
    const GeneratedClip g = clips.clip(i, /*with_stats=*/true);
    if (!g.ok()) {
      bar.tick();
      return;
    }
    char stem[32];
    std::snprintf(stem, sizeof stem, "clip_%06ld", i);
    const std::string base = o.out + "/" + stem;
    const std::string path = writeClip(g.clip, base, format);
    writeImageRgb(base + "_strip.png", filmstrip(g.clip));
    nlohmann::json manifest = {{"index", i},
                               {"seed", o.seed},
                               {"file", std::filesystem::path(path).filename().string()},
                               {"source", g.source_name},
                               {"transform", transformName(g.program.kind)},
                               {"mode", recursionModeName(g.program.mode)},
                               {"parameters", g.program.parameters},
                               {"frames", config.frames},
                               {"size", config.size},
                               {"stats",
                                {{"mean_frame_difference", g.stats.mean_frame_difference},
                                 {"mean_patch_displacement", g.stats.mean_patch_displacement},
                                 {"mean_displacement", g.stats.mean_displacement},
                                 {"max_displacement", g.stats.max_displacement},
                                 {"occluded_fraction", g.stats.occluded_fraction},
                                 {"trackable_fraction", g.stats.trackable_fraction}}}};
    if (!g.second_name.empty()) manifest["second_source"] = g.second_name;
    if (o.flow) manifest["flow"] = writeFlow(g, base);
    writeFileDurable(base + ".json", dumpJson(manifest, 2));
    {
      std::lock_guard<std::mutex> lock(log_mutex);
      diff_sum += g.stats.mean_frame_difference;
      disp_sum += g.stats.mean_patch_displacement;
    }
    ++written;
    bar.tick();
  });
  bar.finish();
  const long n = written.load();
  const auto skipped = clips.skipped();
  nlohmann::json summary = {
      {"written", n}, {"skipped", skipped.size()}, {"seed", o.seed}, {"source", o.source}};
  for (const auto& [name, why] : skipped)
    summary["skipped_files"].push_back({{"source", name}, {"reason", why}});
  writeFileDurable(o.out + "/summary.json", dumpJson(summary, 2));
  std::cout << "generated " << n << " clip(s), skipped " << skipped.size()
            << " unreadable source(s)";
  if (n > 0) {
    std::cout << "; mean frame difference " << diff_sum / n << ", mean patch displacement "
              << disp_sum / n << " px/frame";
  }
  std::cout << "\n";
  if (n == 0 && o.count > 0) {
    std::cerr << "pmg generate: nothing was generated: none of the " << items
              << " source item(s) of " << o.source << " could be read (see above)\n";
    return 1;
  }
  return 0;
}

}  // namespace

void registerGenerate(CLI::App& app, Action& action) {
  auto o = std::make_shared<GenerateOptions>();
  auto* cmd = app.add_subcommand(
      "generate", "Generate pseudo-motion clips (PMG) from images, videos or shaders");
  cmd->add_option("--source", o->source,
                  "Image file/folder, video file/folder (PMG-Aug), .glsl file/folder, or 'library'")
      ->capture_default_str();
  cmd->add_option("--transform", o->transform, "Transform name or preset (see 'pmg presets')")
      ->capture_default_str();
  cmd->add_option("--config", o->config_file, "PMG config JSON (instead of --transform)")
      ->excludes(cmd->get_option("--transform"));
  cmd->add_option("--count", o->count, "Number of clips")
      ->capture_default_str()
      ->check(nonNegative());
  cmd->add_option("--seed", o->seed, "Global seed")->capture_default_str();
  cmd->add_option("--out", o->out, "Output folder")->capture_default_str();
  cmd->add_option("--format", o->format, "mp4 | png | npy")
      ->capture_default_str()
      ->check(CLI::IsMember({"mp4", "png", "npy"}));
  cmd->add_option("--frames", o->frames, "Frames per clip (default 16)")
      ->check(pmgFieldBounds("frames"));
  cmd->add_option("--size", o->size, "Frame size (default 224)")->check(pmgFieldBounds("size"));
  cmd->add_option("--mode", o->mode, "recursive | composed")
      ->check(CLI::IsMember({"recursive", "composed"}));
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")
      ->capture_default_str()
      ->check(between(0, 1024));
  cmd->add_flag("--flow", o->flow,
                "Also write each clip's exact forward flow (CLIP_flow.npy, T-1 x H x W x 2 float) "
                "and visibility (CLIP_visible.npy, T-1 x H x W uint8), computed from the motion "
                "program, with a colour-wheel filmstrip (CLIP_flow.png)");
  cmd->callback([&action, o] { action = [o] { return runGenerate(*o); }; });
}

}  // namespace pmg::cli
