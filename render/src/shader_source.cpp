#include "pmg/render/shader_source.h"

#include "pmg/render/probe_worker.h"

#include <filesystem>
#include <stdexcept>

namespace pmg::render {

ShaderImageSource::ShaderImageSource(std::vector<ShaderEntry> shaders, int render_size,
                                     double time_min, double time_max, bool isolated)
    : shaders_(std::move(shaders)),
      render_size_(render_size),
      time_min_(time_min),
      time_max_(time_max),
      isolated_(isolated) {}

ShaderImageSource::~ShaderImageSource() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!context_) return;
  context_->makeCurrent();
  programs_.clear();
  renderer_.reset();
  context_->release();
}

void ShaderImageSource::ensureContext() {
  if (!context_) {
    context_ = EglContext::create();
    renderer_ = std::make_unique<OffscreenRenderer>(render_size_, render_size_);
  } else {
    context_->makeCurrent();
  }
}

std::string ShaderImageSource::describe() const {
  return std::to_string(shaders_.size()) + " shader(s) rendered at " +
         std::to_string(render_size_) + "px" + (isolated_ ? " in the shader worker" : "");
}

pmg::LoadedImage ShaderImageSource::renderAt(long i, double time) {
  pmg::LoadedImage out;
  std::lock_guard<std::mutex> lock(mutex_);
  auto failed = failures_.find(i);
  if (failed != failures_.end()) {
    out.error = failed->second;
    return out;
  }
  if (isolated_) {  // a user's shader: compiled and drawn in the worker only
    if (!worker_) worker_ = std::make_unique<ProbeWorker>();
    std::string error;
    out.rgb = worker_->render(shaders_.at(size_t(i)), render_size_, time, &error);
    if (out.rgb.empty()) failures_[i] = out.error = error;  // named once, then skipped
    return out;
  }
  try {
    ensureContext();
  } catch (const std::exception& e) {
    out.error = e.what();
    return out;
  }
  auto it = programs_.find(i);
  if (it == programs_.end()) {
    ShaderProgram program;
    const CompileResult r =
        program.compile(shaders_.at(size_t(i)).source, shaders_.at(size_t(i)).common);
    if (!r.ok) {
      failures_[i] = out.error = "shader does not compile: " + r.summary();
      context_->release();
      return out;
    }
    it = programs_.emplace(i, std::move(program)).first;
  }
  ShaderInputs inputs;
  inputs.time = float(time);
  out.rgb = renderer_->render(it->second, inputs);
  context_->release();
  return out;
}

pmg::LoadedImage ShaderImageSource::load(long i, pmg::Rng& rng) {
  return renderAt(i, rng.uniform(time_min_, time_max_));
}

std::unique_ptr<ShaderImageSource> openShaderSource(const std::string& spec, int render_size) {
  std::vector<ShaderEntry> shaders;
  if (spec == "library" || spec == "shader-library") {
    shaders = builtinShaders();
  } else if (std::filesystem::is_directory(spec)) {
    shaders = loadShaderDir(spec);
  } else {
    shaders = {loadShaderFile(spec)};
  }
  if (shaders.empty()) throw std::runtime_error("no shader found in '" + spec + "'");
  const bool trusted = spec == "library" || spec == "shader-library";
  return std::make_unique<ShaderImageSource>(std::move(shaders), render_size, 0.1, 10.0, !trusted);
}

}  // namespace pmg::render
