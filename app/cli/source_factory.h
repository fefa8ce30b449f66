// Opens an image source from a command-line spec: a shader spec ("library",
// "shader-library", a .glsl file or a folder of them), an image/video file or folder.
#pragma once
#include <memory>
#include <string>

#include "pmg/media/image_source.h"

namespace pmg::cli {

/// Builds the source; throws std::runtime_error with a clear reason.
std::unique_ptr<ImageSource> openSource(const std::string& spec, int render_size);

}  // namespace pmg::cli
