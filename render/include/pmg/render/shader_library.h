// The built-in shader library (shaders/library/*.glsl, embedded at build time)
// and loading user shader files. Each file starts with a header of "// key: value".
#pragma once
#include <string>
#include <vector>

namespace pmg::render {

/// One Shadertoy-convention shader with its header fields.
struct ShaderEntry {
  std::string id;      ///< file stem ("fbm_clouds") or generated id
  std::string name;    ///< human name
  std::string family;  ///< e.g. "fbm", "voronoi", "raymarch"
  std::string author;
  std::string license;
  std::string source;  ///< full GLSL text (the user's part)
  std::string common;  ///< shared code named by "// common: a b" (Shadertoy's Common tab), resolved
};

/// Text of the shared code blocks named in `names` ("noise voronoi"), in order, from
/// shaders/common/. An unknown name yields a GLSL #error naming it, so compiling fails clearly.
std::string resolveCommon(const std::string& names);

/// Parses "// name: ..." style header lines of a shader text and resolves its common code.
ShaderEntry parseShaderText(const std::string& id, const std::string& text);

/// The embedded library, sorted by id.
const std::vector<ShaderEntry>& builtinShaders();

/// Reads one .glsl file; throws std::runtime_error naming the file if unreadable.
ShaderEntry loadShaderFile(const std::string& path);

/// Reads every .glsl file in a folder (sorted); unreadable files are reported in `errors`.
std::vector<ShaderEntry> loadShaderDir(const std::string& dir,
                                       std::vector<std::string>* errors = nullptr);

}  // namespace pmg::render
