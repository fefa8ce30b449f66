// An ImageSource that renders shaders headlessly: the built-in library, a folder
// of .glsl files, one file, or generated programs. Thread-safe (serialised; compiled
// programs are cached). Shaders from files run only in the shader worker process
// (its watchdog stops a draw that never ends; a shader that crashes it is skipped
// and named); the built-in library is trusted and drawn in this process.
#pragma once
#include <map>
#include <memory>
#include <mutex>

#include "pmg/media/image_source.h"
#include "pmg/render/egl_context.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_library.h"

namespace pmg::render {

/// Renders shader i at a time drawn from [time_min, time_max] (Shaders21k: 0.1..10 s).
class ShaderImageSource : public pmg::ImageSource {
 public:
  /// `isolated`: draw in the shader worker process instead of this one.
  ShaderImageSource(std::vector<ShaderEntry> shaders, int render_size = 256, double time_min = 0.1,
                    double time_max = 10.0, bool isolated = false);
  ~ShaderImageSource() override;
  long size() const override { return long(shaders_.size()); }
  std::string itemName(long i) const override { return shaders_.at(size_t(i)).id; }
  pmg::LoadedImage load(long i, pmg::Rng& rng) override;
  std::string describe() const override;
  /// Renders shader i at an explicit time.
  pmg::LoadedImage renderAt(long i, double time);
  const std::vector<ShaderEntry>& shaders() const { return shaders_; }

 private:
  void ensureContext();
  std::vector<ShaderEntry> shaders_;
  int render_size_;
  double time_min_, time_max_;
  std::mutex mutex_;
  std::unique_ptr<EglContext> context_;
  std::unique_ptr<OffscreenRenderer> renderer_;
  std::map<long, ShaderProgram> programs_;
  std::map<long, std::string> failures_;
  bool isolated_ = false;
  std::unique_ptr<class ProbeWorker> worker_;
};

/// Builds a shader source from "library", a .glsl file or a folder of .glsl files.
std::unique_ptr<ShaderImageSource> openShaderSource(const std::string& spec, int render_size = 256);

}  // namespace pmg::render
