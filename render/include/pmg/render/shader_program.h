// A Shadertoy-convention fragment shader (mainImage, iResolution, iTime, iChannel0..3)
// compiled into a GL program. Errors carry line numbers of the user's source.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pmg::render {

/// One diagnostic from the driver, mapped to the user's source.
struct ShaderDiagnostic {
  int line = 0;  ///< 1-based line in the user's source (or in the common code); 0 if unknown
  std::string message;
  bool in_common = false;  ///< the line is in the shared common code, not the user's source
};

/// Compile/link result: ok, or diagnostics plus the raw driver log.
struct CompileResult {
  bool ok = false;
  std::vector<ShaderDiagnostic> diagnostics;
  std::string log;
  /// "line 12: error: ..." lines, one per diagnostic.
  std::string summary() const;
};

/// Values of the Shadertoy uniforms for one draw.
struct ShaderInputs {
  float time = 0.0f;
  float time_delta = 1.0f / 60.0f;
  int frame = 0;
  float mouse[4] = {0, 0, 0, 0};
  float date[4] = {2024, 0, 1, 0};
};

/// Wraps user code in the Shadertoy header/footer. Exposed for tests and the editor.
/// `common` (shared code, Shadertoy's Common tab) goes before the user's code; each
/// part gets its own #line numbering (source string 1 = common, 0 = user).
std::string wrapShadertoySource(const std::string& user_source, const std::string& common = "");

/// Parses a driver info log (Mesa "0:12(5): error" or NVIDIA "0(12) : error") into diagnostics.
std::vector<ShaderDiagnostic> parseInfoLog(const std::string& log);

/// A linked program. Requires a current GL context for every call and for destruction.
class ShaderProgram {
 public:
  ShaderProgram() = default;
  ~ShaderProgram();
  ShaderProgram(ShaderProgram&& other) noexcept;
  ShaderProgram& operator=(ShaderProgram&& other) noexcept;
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;

  /// Compiles and links user code; on failure the program stays invalid.
  CompileResult compile(const std::string& user_source, const std::string& common = "");
  /// True after a successful compile.
  bool valid() const { return program_ != 0; }
  /// Binds the program and sets all uniforms for a width x height target.
  void use(int width, int height, const ShaderInputs& inputs, const float channel_res[4][3]) const;
  /// GL program name.
  uint32_t id() const { return program_; }

 private:
  void destroy();
  uint32_t program_ = 0;
};

}  // namespace pmg::render
