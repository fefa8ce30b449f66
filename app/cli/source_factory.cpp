#include "source_factory.h"

#include <filesystem>

#include "pmg/render/procedural_sources.h"
#include "pmg/render/shader_source.h"

namespace pmg::cli {

namespace {

bool isShaderFolder(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return false;
  for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
    if (e.path().extension() == ".glsl" || e.path().extension() == ".frag") return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<ImageSource> openSource(const std::string& spec, int render_size) {
  if (render::isProceduralSpec(spec)) return render::openProceduralSource(spec, render_size);
  const auto ext = std::filesystem::path(spec).extension();
  if (spec == "library" || spec == "shader-library" || ext == ".glsl" || ext == ".frag" ||
      isShaderFolder(spec)) {
    return render::openShaderSource(spec, render_size);
  }
  return openFileSource(spec);
}

}  // namespace pmg::cli
