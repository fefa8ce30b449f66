// `pmg render`: renders synthetic image datasets (shader library, generated
// shaders, user shaders, FractalDB, VisualAtom); resumable and shardable.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "commands.h"
#include "pmg/base/progress.h"
#include "pmg/media/clip_writer.h"
#include "pmg/media/image_io.h"
#include "pmg/media/npy.h"
#include "pmg/render/image_dataset.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_filter.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"
#include "validators.h"

namespace pmg::cli {

namespace {

struct RenderOptions {
  std::string source = "library";
  std::string out = "pmg-images";
  std::string format = "jpg";
  std::string shard = "0/1";
  long count = 64;
  int size = 256;
  uint64_t seed = 0;
  long categories = 0;  // fractaldb / visualatom: 0 = count / 10
  double max_relative_cost = render::FilterOptions{}.max_relative_cost;
  double slow_warn_ms = render::FilterOptions{}.warn_ms;
  double watchdog_s = render::Watchdog{}.draw_ms / 1000.0;
};

std::string imageName(long i, const std::string& format) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "img_%07ld.%s", i, format == "raw" ? "npy" : format.c_str());
  return buf;
}

void writeOut(const std::string& path, const cv::Mat& rgb, const std::string& format) {
  if (format == "raw") {
    const cv::Mat c = rgb.isContinuous() ? rgb : rgb.clone();
    writeNpyU8(path, c.data, {c.rows, c.cols, 3});
  } else {
    writeImageRgb(path, rgb);
  }
}

std::pair<long, long> parseShard(const std::string& s) {
  std::smatch m;
  if (!std::regex_match(s, m, std::regex(R"((\d+)/(\d+))")))
    throw std::runtime_error("invalid --shard '" + s + "': expected i/n");
  const long i = std::stol(m[1]), n = std::stol(m[2]);
  if (n < 1 || i < 0 || i >= n)
    throw std::runtime_error("invalid --shard '" + s + "': need 0 <= i < n");
  return {i, n};
}

int runRender(const RenderOptions& o) {
  const auto [shard, shards] = parseShard(o.shard);
  refuseRunDir(o.out, "pmg render");
  std::filesystem::create_directories(o.out);
  const std::string manifest_path =
      o.out + "/manifest-" + std::to_string(shard) + "of" + std::to_string(shards) + ".jsonl";
  std::ofstream manifest(manifest_path, std::ios::app);
  std::vector<long> todo;
  long resumed = 0;
  for (long i = shard; i < o.count; i += shards) {
    if (std::filesystem::exists(o.out + "/" + imageName(i, o.format)))
      ++resumed;
    else
      todo.push_back(i);
  }
  std::cerr << "pmg render: " << o.source << ", " << todo.size() << " image(s) to render in shard "
            << o.shard << (resumed ? ", " + std::to_string(resumed) + " already done" : "")
            << " -> " << o.out << "\n";
  ProgressBar bar("render", long(todo.size()));
  std::ofstream programs_log;
  if (!render::ImageDataset::isProcedural(o.source))
    programs_log.open(
        o.out + "/programs-" + std::to_string(shard) + "of" + std::to_string(shards) + ".jsonl",
        std::ios::app);
  render::ImageDatasetOptions d;
  d.source = o.source;
  d.count = o.count;
  d.size = o.size;
  d.seed = o.seed;
  d.shard = shard;
  d.shards = shards;
  d.categories = o.categories;
  d.max_relative_cost = o.max_relative_cost;
  d.slow_warn_ms = o.slow_warn_ms;
  d.watchdog_s = o.watchdog_s;
  render::ImageDataset dataset(
      d,
      [&](const nlohmann::json& verdict) {
        programs_log << dumpJson(verdict) << "\n" << std::flush;
      },
      [](const std::string& note) { std::cerr << "\n"
                                              << note << "\n"; });
  long written = 0;
  for (long i : todo) {
    render::DatasetImage image = dataset.render(i);
    bar.tick();
    if (image.rgb.empty()) continue;  // no shader could draw it (named above)
    writeOut(o.out + "/" + imageName(i, o.format), image.rgb, o.format);
    image.record["index"] = i;
    image.record["file"] = imageName(i, o.format);
    manifest << dumpJson(image.record) << "\n" << std::flush;
    ++written;
  }
  bar.finish();
  std::cout << "rendered " << written << " image(s)";
  if (resumed) std::cout << ", " << resumed << " already present (resumed)";
  long total_rejected = 0;
  const auto& rejected = dataset.rejected();
  for (const auto& [why, n] : rejected) total_rejected += n;
  std::cout << ", skipped/rejected " << total_rejected << " program(s)";
  for (const auto& [why, n] : rejected) std::cout << "\n  " << why << ": " << n;
  std::cout << "\n";
  if (written == 0 && !todo.empty()) {
    std::cerr << "pmg render: nothing was rendered: every program given was skipped (reasons "
                 "above and in programs-*.jsonl)\n";
    return 1;
  }
  return 0;
}

}  // namespace

void registerRender(CLI::App& app, Action& action) {
  auto o = std::make_shared<RenderOptions>();
  auto* cmd = app.add_subcommand(
      "render",
      "Render synthetic images: shaders (library, generated, files), FractalDB, VisualAtom");
  cmd->add_option("--source", o->source,
                  "library | generated | fractaldb | visualatom | FILE.glsl | DIR")
      ->capture_default_str();
  cmd->add_option("--count", o->count, "Number of images (over all shards)")
      ->capture_default_str()
      ->check(nonNegative());
  cmd->add_option("--size", o->size, "Image size in pixels")
      ->capture_default_str()
      ->check(between(render::kMinImageSize, render::kMaxImageSize));
  cmd->add_option("--out", o->out, "Output folder")->capture_default_str();
  cmd->add_option("--shard", o->shard, "Shard i/n for array jobs")->capture_default_str();
  cmd->add_option("--format", o->format, "jpg | png | raw (.npy)")
      ->capture_default_str()
      ->check(CLI::IsMember({"jpg", "png", "raw"}));
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->add_option("--max-relative-cost", o->max_relative_cost,
                  "Generated programs: refuse those whose draw costs more than this many draws "
                  "of the reference program measured beside them (0 = no limit). User shaders "
                  "are never refused for cost")
      ->capture_default_str()
      ->check(nonNegative());
  cmd->add_option("--slow-warn-ms", o->slow_warn_ms,
                  "Warn about a user shader slower than this per 64x64 probe draw")
      ->capture_default_str()
      ->check(nonNegative());
  cmd->add_option("--watchdog-s", o->watchdog_s,
                  "Stop a shader whose single draw does not finish within this many seconds "
                  "(in the worker process)")
      ->capture_default_str()
      ->check(between(0.1, 3600.0));
  cmd->add_option("--categories", o->categories,
                  "FractalDB/VisualAtom categories (default count/10)")
      ->check(between(1, 1000000));
  cmd->callback([&action, o] { action = [o] { return runRender(*o); }; });
}

}  // namespace pmg::cli
