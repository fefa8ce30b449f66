#include "pmg/render/image_dataset.h"

#include <filesystem>
#include <set>
#include <stdexcept>

#include "pmg/base/rng.h"
#include "pmg/render/egl_context.h"
#include "pmg/render/fractaldb.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_filter.h"
#include "pmg/render/shader_generator.h"
#include "pmg/render/shader_library.h"
#include "pmg/render/visual_atom.h"

namespace pmg::render {

namespace {

/// The reason's kind: "compile: 0:3: error ..." -> "compile".
std::string reasonKind(const std::string& why) {
  return why.substr(0, why.find(':'));
}

nlohmann::json verdictRecord(const ShaderEntry& e, const FilterVerdict& v) {
  return {{"program", e.id},
          {"accepted", v.accepted},
          {"reason", v.reason},
          {"gpu_ms", v.gpu_ms},
          {"relative_cost", v.relative_cost},
          {"warning", v.warning},
          {"channel_std", v.channel_std},
          {"motion", v.motion}};
}

}  // namespace

struct ImageDataset::Impl {
  ImageDatasetOptions o;
  std::function<void(const nlohmann::json&)> on_verdict;
  std::function<void(const std::string&)> on_note;
  std::map<std::string, long> rejected;
  // Procedural sources.
  long categories = 1;
  std::map<long, IfsSystem> systems;
  // Shader sources.
  bool generated = false, trusted = false;
  std::unique_ptr<EglContext> ctx;
  std::unique_ptr<OffscreenRenderer> renderer;
  std::unique_ptr<ProbeWorker> worker;
  FilterOptions generated_checks, user_checks;
  Watchdog watchdog;
  std::vector<ShaderEntry> shaders;
  std::map<std::string, ShaderProgram> compiled;  // library shaders, reused
  std::set<std::string> bad;                      // refused or failed: named once
  std::set<std::string> judged;
  uint64_t next_program = 0;

  void note(const std::string& line) {
    if (on_note) on_note(line);
  }
  void verdict(const ShaderEntry& e, const FilterVerdict& v) {
    if (on_verdict) on_verdict(verdictRecord(e, v));
    if (!v.accepted) ++rejected[reasonKind(v.reason)];
  }
  void refuse(const ShaderEntry& e, const std::string& why) {
    bad.insert(e.id);
    ++rejected[reasonKind(why)];
    note("skipped shader " + e.id + ": " + why);
  }

  void openShaders() {
    ctx = EglContext::create();
    renderer = std::make_unique<OffscreenRenderer>(o.size, o.size);
    worker = std::make_unique<ProbeWorker>();
    generated_checks.max_relative_cost = o.max_relative_cost;
    generated_checks.warn_ms = 0.0;  // generated programs are judged by relative cost alone
    user_checks = userShaderOptions();
    user_checks.warn_ms = o.slow_warn_ms;
    if (o.watchdog_s > 0) watchdog.draw_ms = int(o.watchdog_s * 1000.0);
    generated = o.source == "generated";
    trusted = o.source == "library";
    next_program = o.seed * 1000003ULL + uint64_t(o.shard);
    if (generated) return;
    if (trusted)
      shaders = builtinShaders();
    else if (std::filesystem::is_directory(o.source))
      shaders = loadShaderDir(o.source);
    else
      shaders = {loadShaderFile(o.source)};
    if (shaders.empty()) throw std::runtime_error("no shader found in " + o.source);
  }

  /// Draws `e` at `time`: a user's shader in the worker only, the others in this process.
  cv::Mat draw(const ShaderEntry& e, float time) {
    if (!trusted && !generated) {
      std::string error;
      cv::Mat img = worker->render(e, o.size, time, &error, watchdog);
      if (img.empty()) refuse(e, error);
      return img;
    }
    ShaderProgram one_off;  // generated programs are used once: not cached
    ShaderProgram* program = generated ? &one_off : &compiled[e.id];
    if (!program->valid()) {
      const auto r = program->compile(e.source, e.common);
      if (!r.ok) {
        refuse(e, "compile: " + r.summary());
        return {};
      }
    }
    ShaderInputs in;
    in.time = time;
    return renderer->render(*program, in);
  }

  /// Draws programs until one passes the acceptance filter; logs every verdict.
  ShaderEntry nextGeneratedProgram() {
    for (int attempt = 0; attempt < 500; ++attempt) {
      ShaderEntry entry = generateShader(next_program);
      next_program += uint64_t(o.shards);
      const auto v = worker->judge(entry, generated_checks, watchdog);
      verdict(entry, v);
      if (v.accepted) return entry;
    }
    throw std::runtime_error(
        "500 generated programs in a row failed the filter; see programs-*.jsonl");
  }

  /// Image i uses shader i mod n; a refused or failing one is replaced by the next usable.
  DatasetImage renderShader(long i) {
    Rng rng(o.seed, uint64_t(i));
    const float time = float(rng.uniform(0.1, 10.0));
    ShaderEntry entry;
    cv::Mat img;
    if (generated) {
      entry = nextGeneratedProgram();
      img = draw(entry, time);
    } else {
      for (size_t k = 0; k < shaders.size() && img.empty(); ++k) {
        entry = shaders[(size_t(i) + k) % shaders.size()];
        if (bad.count(entry.id)) continue;
        if (!trusted && judged.insert(entry.id).second) {
          const auto v = worker->judge(entry, user_checks, watchdog);
          verdict(entry, v);
          if (!v.warning.empty()) note("warning: " + entry.id + ": " + v.warning);
          if (!v.accepted) {
            bad.insert(entry.id);
            note("skipped shader " + entry.id + ": " + v.reason);
            continue;
          }
        }
        img = draw(entry, time);
      }
    }
    if (img.empty()) return {};
    return {img,
            {{"program", entry.id}, {"family", entry.family}, {"time", time}, {"seed", o.seed}}};
  }

  /// Category i % categories, instance i / categories of FractalDB or VisualAtom.
  DatasetImage renderProcedural(long i) {
    const long category = i % categories, instance = i / categories;
    DatasetImage out;
    nlohmann::json params;
    if (o.source == "fractaldb") {
      auto it = systems.find(category);
      if (it == systems.end())
        it = systems.emplace(category, searchFractalCategory(o.seed, category)).first;
      out.rgb = renderFractalInstance(it->second, instance, o.size);
      params = {{"maps", it->second.maps.size()}, {"fill_rate", it->second.fill_rate}};
    } else {
      const auto c = drawVisualAtomCategory(o.seed, category);
      out.rgb = renderVisualAtom(c, o.seed, instance, o.size);
      params = {{"vertices", c.vertices},
                {"orbits", c.orbits},
                {"noise", c.noise},
                {"freq", {c.freq1, c.freq2}}};
    }
    out.record = {{"program", o.source},
                  {"category", category},
                  {"instance", instance},
                  {"seed", o.seed},
                  {"parameters", params}};
    return out;
  }
};

ImageDataset::ImageDataset(const ImageDatasetOptions& options,
                           std::function<void(const nlohmann::json&)> on_verdict,
                           std::function<void(const std::string&)> on_note)
    : impl_(std::make_unique<Impl>()) {
  impl_->o = options;
  impl_->on_verdict = std::move(on_verdict);
  impl_->on_note = std::move(on_note);
  if (isProcedural(options.source))
    impl_->categories =
        options.categories > 0 ? options.categories : std::max(1L, options.count / 10);
  else
    impl_->openShaders();
}

ImageDataset::~ImageDataset() = default;

DatasetImage ImageDataset::render(long index) {
  return isProcedural(impl_->o.source) ? impl_->renderProcedural(index)
                                       : impl_->renderShader(index);
}

const std::map<std::string, long>& ImageDataset::rejected() const {
  return impl_->rejected;
}

bool ImageDataset::isProcedural(const std::string& source) {
  return source == "fractaldb" || source == "visualatom";
}

}  // namespace pmg::render
