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
#include "pmg/clip_writer.h"
#include "pmg/image_io.h"
#include "pmg/npy.h"
#include "pmg/progress.h"
#include "pmg/render/egl_context.h"
#include "pmg/render/fractaldb.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_filter.h"
#include "pmg/render/shader_generator.h"
#include "pmg/render/shader_library.h"
#include "pmg/render/visual_atom.h"
#include "pmg/rng.h"
#include "pmg/run_dir.h"
#include "pmg/run_guard.h"
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
  std::map<std::string, long> rejected;
  long written = 0;

  const bool procedural = o.source == "fractaldb" || o.source == "visualatom";
  if (procedural) {
    const long categories = o.categories > 0 ? o.categories : std::max(1L, o.count / 10);
    std::map<long, render::IfsSystem> systems;
    for (long i : todo) {
      const long category = i % categories, instance = i / categories;
      cv::Mat img;
      nlohmann::json params;
      if (o.source == "fractaldb") {
        auto it = systems.find(category);
        if (it == systems.end())
          it = systems.emplace(category, render::searchFractalCategory(o.seed, category)).first;
        img = render::renderFractalInstance(it->second, instance, o.size);
        params = {{"maps", it->second.maps.size()}, {"fill_rate", it->second.fill_rate}};
      } else {
        const auto c = render::drawVisualAtomCategory(o.seed, category);
        img = render::renderVisualAtom(c, o.seed, instance, o.size);
        params = {{"vertices", c.vertices},
                  {"orbits", c.orbits},
                  {"noise", c.noise},
                  {"freq", {c.freq1, c.freq2}}};
      }
      writeOut(o.out + "/" + imageName(i, o.format), img, o.format);
      manifest << dumpJson(nlohmann::json{{"index", i},
                                          {"file", imageName(i, o.format)},
                                          {"program", o.source},
                                          {"category", category},
                                          {"instance", instance},
                                          {"seed", o.seed},
                                          {"parameters", params}})
               << "\n";
      ++written;
      bar.tick();
    }
  } else {
    auto ctx = render::EglContext::create();
    render::OffscreenRenderer renderer(o.size, o.size);
    // Generated and user shaders are probed in a separate process first, so one that
    // hangs is killed and skipped; the built-in library is trusted.
    render::ProbeWorker worker;
    render::FilterOptions generated_checks;
    generated_checks.max_relative_cost = o.max_relative_cost;
    generated_checks.warn_ms = 0.0;  // generated programs are judged by relative cost alone
    render::FilterOptions user_checks = render::userShaderOptions();
    user_checks.warn_ms = o.slow_warn_ms;
    render::Watchdog watchdog;
    watchdog.draw_ms = int(o.watchdog_s * 1000.0);
    std::vector<render::ShaderEntry> shaders;
    const bool generated = o.source == "generated";
    const bool trusted = o.source == "library";
    if (!generated) {
      if (trusted)
        shaders = render::builtinShaders();
      else if (std::filesystem::is_directory(o.source))
        shaders = render::loadShaderDir(o.source);
      else
        shaders = {render::loadShaderFile(o.source)};
      if (shaders.empty()) throw std::runtime_error("no shader found in " + o.source);
    }
    std::ofstream programs_log(
        o.out + "/programs-" + std::to_string(shard) + "of" + std::to_string(shards) + ".jsonl",
        std::ios::app);
    auto logVerdict = [&](const render::ShaderEntry& e, const render::FilterVerdict& v) {
      programs_log << dumpJson(nlohmann::json{{"program", e.id},
                                              {"accepted", v.accepted},
                                              {"reason", v.reason},
                                              {"gpu_ms", v.gpu_ms},
                                              {"relative_cost", v.relative_cost},
                                              {"warning", v.warning},
                                              {"channel_std", v.channel_std},
                                              {"motion", v.motion}})
                   << "\n";
      programs_log.flush();
      if (!v.accepted) ++rejected[v.reason.substr(0, v.reason.find(':'))];
    };
    std::map<std::string, render::ShaderProgram> compiled;  // library shaders, reused
    std::map<std::string, std::string> bad;                 // refused or failed: named once
    std::set<std::string> judged;
    uint64_t next_program = o.seed * 1000003ULL + uint64_t(shard);
    auto refuse = [&](const render::ShaderEntry& e, const std::string& why) {
      bad[e.id] = why;
      ++rejected[why.substr(0, why.find(':'))];
      std::cerr << "\nskipped shader " << e.id << ": " << why << "\n";
    };
    // Draws `e` at `time`: a user's shader in the worker only, the others in this process.
    auto draw = [&](const render::ShaderEntry& e, float time) -> cv::Mat {
      if (!trusted && !generated) {
        std::string error;
        cv::Mat img = worker.render(e, o.size, time, &error, watchdog);
        if (img.empty()) refuse(e, error);
        return img;
      }
      render::ShaderProgram one_off;  // generated programs are used once: not cached
      render::ShaderProgram* program = generated ? &one_off : &compiled[e.id];
      if (!program->valid()) {
        const auto r = program->compile(e.source, e.common);
        if (!r.ok) {
          refuse(e, "compile: " + r.summary());
          return {};
        }
      }
      render::ShaderInputs in;
      in.time = time;
      return renderer.render(*program, in);
    };
    for (long i : todo) {
      Rng rng(o.seed, uint64_t(i));
      const float time = float(rng.uniform(0.1, 10.0));
      render::ShaderEntry entry;
      cv::Mat img;
      if (generated) {
        // Draw programs until one passes the acceptance filter; log every verdict.
        for (int attempt = 0;; ++attempt) {
          if (attempt == 500)
            throw std::runtime_error(
                "500 generated programs in a row failed the filter; see programs-*.jsonl");
          entry = render::generateShader(next_program);
          next_program += uint64_t(shards);
          const auto v = worker.judge(entry, generated_checks, watchdog);
          logVerdict(entry, v);
          if (v.accepted) break;
        }
        img = draw(entry, time);
      } else {
        // Image i uses shader i mod n; one that is refused or fails is replaced by the next
        // usable one, so --count images are delivered while at least one shader works.
        for (size_t k = 0; k < shaders.size() && img.empty(); ++k) {
          entry = shaders[(size_t(i) + k) % shaders.size()];
          if (bad.count(entry.id)) continue;
          if (!trusted && judged.insert(entry.id).second) {
            const auto v = worker.judge(entry, user_checks, watchdog);
            logVerdict(entry, v);
            if (!v.warning.empty())
              std::cerr << "\nwarning: " << entry.id << ": " << v.warning << "\n";
            if (!v.accepted) {
              bad[entry.id] = v.reason;
              std::cerr << "\nskipped shader " << entry.id << ": " << v.reason << "\n";
              continue;
            }
          }
          img = draw(entry, time);
        }
      }
      if (img.empty()) {
        bar.tick();
        continue;
      }
      render::ShaderInputs in;
      in.time = time;
      writeOut(o.out + "/" + imageName(i, o.format), img, o.format);
      manifest << dumpJson(nlohmann::json{{"index", i},
                                          {"file", imageName(i, o.format)},
                                          {"program", entry.id},
                                          {"family", entry.family},
                                          {"time", in.time},
                                          {"seed", o.seed}})
               << "\n";
      manifest.flush();
      ++written;
      bar.tick();
    }
  }
  bar.finish();
  std::cout << "rendered " << written << " image(s)";
  if (resumed) std::cout << ", " << resumed << " already present (resumed)";
  long total_rejected = 0;
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
      ->check(between(8, 8192));
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
