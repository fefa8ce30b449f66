#include "pmg/render/shader_program.h"

#include <epoxy/gl.h>

#include <regex>
#include <sstream>

namespace pmg::render {

namespace {

const char* kVertexSource = R"(#version 330 core
const vec2 kCorners[3] = vec2[3](vec2(-1.0, -1.0), vec2(3.0, -1.0), vec2(-1.0, 3.0));
void main() { gl_Position = vec4(kCorners[gl_VertexID], 0.0, 1.0); }
)";

const char* kFragmentHeader = R"(#version 330 core
uniform vec3 iResolution;
uniform float iTime;
uniform float iTimeDelta;
uniform float iFrameRate;
uniform int iFrame;
uniform vec4 iMouse;
uniform vec4 iDate;
uniform float iSampleRate;
uniform float iChannelTime[4];
uniform vec3 iChannelResolution[4];
uniform sampler2D iChannel0;
uniform sampler2D iChannel1;
uniform sampler2D iChannel2;
uniform sampler2D iChannel3;
out vec4 pmg_FragColor;
)";

const char* kFragmentFooter = R"(
void main() {
  vec4 color = vec4(0.0, 0.0, 0.0, 1.0);
  mainImage(color, gl_FragCoord.xy);
  pmg_FragColor = vec4(color.rgb, 1.0);
}
)";

/// Info log of a shader or program object, given the matching pair of GL getters.
std::string infoLog(GLuint object, void (*getiv)(GLuint, GLenum, GLint*),
                    void (*getLog)(GLuint, GLsizei, GLsizei*, GLchar*)) {
  GLint len = 0;
  getiv(object, GL_INFO_LOG_LENGTH, &len);
  std::string log(size_t(std::max(len, 1)), '\0');
  getLog(object, len, nullptr, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

std::string shaderLog(GLuint shader) {
  return infoLog(shader, glGetShaderiv, glGetShaderInfoLog);
}
std::string programLog(GLuint program) {
  return infoLog(program, glGetProgramiv, glGetProgramInfoLog);
}

GLuint compileStage(GLenum type, const std::string& source, std::string& log) {
  GLuint s = glCreateShader(type);
  const char* src = source.c_str();
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    log = shaderLog(s);
    glDeleteShader(s);
    return 0;
  }
  return s;
}

}  // namespace

std::string CompileResult::summary() const {
  std::ostringstream os;
  for (const auto& d : diagnostics) {
    if (d.line > 0) os << (d.in_common ? "common line " : "line ") << d.line << ": ";
    os << d.message << '\n';
  }
  if (diagnostics.empty() && !log.empty()) os << log << '\n';
  return os.str();
}

std::string wrapShadertoySource(const std::string& user_source, const std::string& common) {
  // "#line 1 S" makes the driver count the first line of each part as line 1 of string S.
  std::string out = kFragmentHeader;
  if (!common.empty()) out += "#line 1 1\n" + common + "\n";
  return out + "#line 1 0\n" + user_source + "\n" + kFragmentFooter;
}

std::vector<ShaderDiagnostic> parseInfoLog(const std::string& log) {
  std::vector<ShaderDiagnostic> out;
  std::istringstream is(log);
  std::string line;
  // Mesa: "0:12(5): error: ..."  NVIDIA: "0(12) : error C0000: ..."  ANGLE-like: "ERROR: 0:12: ..."
  const std::regex mesa(R"(^\s*(\d+):(\d+)\(\d+\):\s*(.*)$)");
  const std::regex nvidia(R"(^\s*(\d+)\((\d+)\)\s*:\s*(.*)$)");
  const std::regex generic(R"(^\s*(?:ERROR|WARNING):\s*(\d+):(\d+):\s*(.*)$)");
  for (std::smatch m; std::getline(is, line);) {
    if (line.empty()) continue;
    if (std::regex_match(line, m, mesa) || std::regex_match(line, m, nvidia) ||
        std::regex_match(line, m, generic)) {
      out.push_back({std::stoi(m[2]), m[3], m[1] == "1"});
    } else {
      out.push_back({0, line});
    }
  }
  return out;
}

ShaderProgram::~ShaderProgram() {
  destroy();
}

ShaderProgram::ShaderProgram(ShaderProgram&& o) noexcept : program_(o.program_) {
  o.program_ = 0;
}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& o) noexcept {
  if (this != &o) {
    destroy();
    program_ = o.program_;
    o.program_ = 0;
  }
  return *this;
}

void ShaderProgram::destroy() {
  if (program_) glDeleteProgram(program_);
  program_ = 0;
}

CompileResult ShaderProgram::compile(const std::string& user_source, const std::string& common) {
  destroy();
  CompileResult r;
  std::string log;
  GLuint vs = compileStage(GL_VERTEX_SHADER, kVertexSource, log);
  if (!vs) {
    r.log = "internal vertex shader: " + log;
    r.diagnostics = {{0, r.log}};
    return r;
  }
  GLuint fs = compileStage(GL_FRAGMENT_SHADER, wrapShadertoySource(user_source, common), log);
  if (!fs) {
    glDeleteShader(vs);
    r.log = log;
    r.diagnostics = parseInfoLog(log);
    return r;
  }
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    r.log = programLog(p);
    r.diagnostics = parseInfoLog(r.log);
    if (r.diagnostics.empty()) r.diagnostics = {{0, "link failed"}};
    glDeleteProgram(p);
    return r;
  }
  program_ = p;
  r.ok = true;
  return r;
}

void ShaderProgram::use(int width, int height, const ShaderInputs& in,
                        const float channel_res[4][3]) const {
  glUseProgram(program_);
  auto loc = [&](const char* name) { return glGetUniformLocation(program_, name); };
  glUniform3f(loc("iResolution"), float(width), float(height), 1.0f);
  glUniform1f(loc("iTime"), in.time);
  glUniform1f(loc("iTimeDelta"), in.time_delta);
  glUniform1f(loc("iFrameRate"), in.time_delta > 0 ? 1.0f / in.time_delta : 60.0f);
  glUniform1i(loc("iFrame"), in.frame);
  glUniform4fv(loc("iMouse"), 1, in.mouse);
  glUniform4fv(loc("iDate"), 1, in.date);
  glUniform1f(loc("iSampleRate"), 44100.0f);
  const float zeros[4] = {0, 0, 0, 0};
  glUniform1fv(loc("iChannelTime"), 4, zeros);
  glUniform3fv(loc("iChannelResolution"), 4, &channel_res[0][0]);
  const char* names[4] = {"iChannel0", "iChannel1", "iChannel2", "iChannel3"};
  for (int i = 0; i < 4; ++i) glUniform1i(loc(names[i]), i);
}

}  // namespace pmg::render
