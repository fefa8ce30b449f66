#include "pmg/render/offscreen_renderer.h"

#include <epoxy/gl.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <thread>

#include "pmg/base/rng.h"

namespace pmg::render {

namespace {

GLuint makeTexture(int w, int h, const void* rgba, GLint filter, GLint wrap) {
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER,
                  filter == GL_LINEAR_MIPMAP_LINEAR ? GL_LINEAR : filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, wrap);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, wrap);
  if (filter == GL_LINEAR_MIPMAP_LINEAR) glGenerateMipmap(GL_TEXTURE_2D);
  return t;
}

/// Deterministic 256x256 noise textures like Shadertoy's: gray, RGBA, smooth, blue-ish.
std::vector<uint8_t> noiseTexture(int kind) {
  const int n = 256;
  std::vector<uint8_t> px(size_t(n) * n * 4);
  pmg::Rng rng(0xC4A77E1ULL, uint64_t(kind));
  for (auto& v : px) v = uint8_t(rng.next() >> 56);
  if (kind == 0) {
    for (size_t i = 0; i < px.size(); i += 4) px[i + 1] = px[i + 2] = px[i];
  } else if (kind == 2) {
    cv::Mat m(n, n, CV_8UC4, px.data());
    cv::GaussianBlur(m, m, cv::Size(0, 0), 3.0, 3.0, cv::BORDER_REFLECT);
    cv::normalize(m, m, 0, 255, cv::NORM_MINMAX);
  }
  return px;
}

}  // namespace

OffscreenRenderer::OffscreenRenderer(int width, int height, int ring)
    : width_(width), height_(height) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("renderer size must be positive");
  const GLubyte* name = glGetString(GL_RENDERER);
  const std::string renderer = name ? reinterpret_cast<const char*>(name) : "";
  software_ = renderer.find("llvmpipe") != std::string::npos ||
              renderer.find("softpipe") != std::string::npos ||
              renderer.find("SwiftShader") != std::string::npos;
  glGenVertexArrays(1, &vao_);
  glGenQueries(1, &query_);
  for (int i = 0; i < 4; ++i) {
    const auto px = noiseTexture(i);
    noise_[i] = makeTexture(256, 256, px.data(), GL_LINEAR_MIPMAP_LINEAR, GL_REPEAT);
    channel_[i] = noise_[i];
    channel_res_[i][0] = channel_res_[i][1] = 256.0f;
    channel_res_[i][2] = 1.0f;
  }
  pbos_.resize(size_t(std::max(1, ring)));
  glGenBuffers(GLsizei(pbos_.size()), pbos_.data());
  createTargets();
}

OffscreenRenderer::~OffscreenRenderer() {
  while (!pending_.empty()) {
    glDeleteSync(static_cast<GLsync>(pending_.front().fence));
    pending_.pop_front();
  }
  destroyTargets();
  glDeleteBuffers(GLsizei(pbos_.size()), pbos_.data());
  for (int i = 0; i < 4; ++i) {
    if (channel_[i] != noise_[i]) glDeleteTextures(1, &channel_[i]);
    glDeleteTextures(1, &noise_[i]);
  }
  glDeleteQueries(1, &query_);
  glDeleteVertexArrays(1, &vao_);
}

void OffscreenRenderer::createTargets() {
  tex_ = makeTexture(width_, height_, nullptr, GL_NEAREST, GL_CLAMP_TO_EDGE);
  glGenFramebuffers(1, &fbo_);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  read_tex_ = makeTexture(width_, height_, nullptr, GL_LINEAR, GL_CLAMP_TO_EDGE);
  glGenFramebuffers(1, &read_fbo_);
  glBindFramebuffer(GL_FRAMEBUFFER, read_fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, read_tex_, 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    throw std::runtime_error("offscreen framebuffer incomplete");
  }
  const size_t bytes = size_t(width_) * height_ * 4;
  for (GLuint b : pbos_) {
    glBindBuffer(GL_PIXEL_PACK_BUFFER, b);
    glBufferData(GL_PIXEL_PACK_BUFFER, GLsizeiptr(bytes), nullptr, GL_STREAM_READ);
  }
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
}

void OffscreenRenderer::destroyTargets() {
  glDeleteFramebuffers(1, &fbo_);
  glDeleteFramebuffers(1, &read_fbo_);
  glDeleteTextures(1, &tex_);
  glDeleteTextures(1, &read_tex_);
  fbo_ = read_fbo_ = tex_ = read_tex_ = 0;
}

void OffscreenRenderer::resize(int width, int height) {
  if (width == width_ && height == height_) return;
  while (!pending_.empty()) {
    glDeleteSync(static_cast<GLsync>(pending_.front().fence));
    pending_.pop_front();
  }
  destroyTargets();
  width_ = width;
  height_ = height;
  createTargets();
}

namespace {

double processCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/// Threads a software rasterizer (llvmpipe) spreads a draw over.
int softwareThreads() {
  if (const char* env = std::getenv("LP_NUM_THREADS")) return std::max(1, std::atoi(env));
  return int(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

double OffscreenRenderer::draw(const ShaderProgram& program, const ShaderInputs& inputs,
                               bool measure) {
  GLint previous_fbo = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, width_, height_);
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_SCISSOR_TEST);
  for (int i = 0; i < 4; ++i) {
    glActiveTexture(GL_TEXTURE0 + GLenum(i));
    glBindTexture(GL_TEXTURE_2D, channel_[i]);
  }
  glActiveTexture(GL_TEXTURE0);
  program.use(width_, height_, inputs, channel_res_);
  glBindVertexArray(vao_);
  double ms = 0.0;
  if (!measure) {
    glDrawArrays(GL_TRIANGLES, 0, 3);  // no sync: async readback keeps the pipeline full
  } else {
    // GL_TIME_ELAPSED is unreliable on llvmpipe (it reported minutes for a 64x64 draw).
    // A GPU's cost is the wall time of the finished draw; a software rasterizer's is its
    // CPU time spread over its threads, which stays right when the machine is busy.
    glFinish();
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = processCpuMs();
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glFinish();
    ms = software_
             ? (processCpuMs() - cpu0) / softwareThreads()
             : std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                   .count();
  }
  flipToReadTarget();
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous_fbo));
  return ms;
}

void OffscreenRenderer::flipToReadTarget() {
  // GL's origin is bottom-left; flip on the GPU so readback rows come top first.
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, read_fbo_);
  glBlitFramebuffer(0, 0, width_, height_, 0, height_, width_, 0, GL_COLOR_BUFFER_BIT, GL_NEAREST);
}

cv::Mat OffscreenRenderer::render(const ShaderProgram& program, const ShaderInputs& inputs,
                                  double* draw_ms) {
  const double ms = draw(program, inputs, draw_ms != nullptr);
  if (draw_ms) *draw_ms = ms;
  cv::Mat rgba(height_, width_, CV_8UC4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, read_fbo_);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  cv::Mat rgb;
  cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
  return rgb;
}

std::optional<std::pair<int64_t, cv::Mat>> OffscreenRenderer::renderAsync(
    const ShaderProgram& program, const ShaderInputs& inputs, int64_t tag) {
  std::optional<std::pair<int64_t, cv::Mat>> done;
  if (pending_.size() >= pbos_.size()) done = collect();
  draw(program, inputs);
  const size_t index = next_pbo_;
  next_pbo_ = (next_pbo_ + 1) % pbos_.size();
  glBindFramebuffer(GL_READ_FRAMEBUFFER, read_fbo_);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, pbos_[index]);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  pending_.push_back({index, glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0), tag});
  return done;
}

cv::Mat OffscreenRenderer::readPbo(size_t index) {
  glBindBuffer(GL_PIXEL_PACK_BUFFER, pbos_[index]);
  const size_t bytes = size_t(width_) * height_ * 4;
  void* ptr = glMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, GLsizeiptr(bytes), GL_MAP_READ_BIT);
  cv::Mat rgb;
  if (ptr) {
    cv::Mat rgba(height_, width_, CV_8UC4, ptr);
    cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
    glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
  }
  glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  return rgb;
}

std::optional<std::pair<int64_t, cv::Mat>> OffscreenRenderer::collect() {
  if (pending_.empty()) return std::nullopt;
  Pending p = pending_.front();
  pending_.pop_front();
  GLsync fence = static_cast<GLsync>(p.fence);
  glClientWaitSync(fence, GL_SYNC_FLUSH_COMMANDS_BIT, GLuint64(10) * 1000 * 1000 * 1000);
  glDeleteSync(fence);
  return std::make_pair(p.tag, readPbo(p.pbo));
}

void OffscreenRenderer::setChannelImage(int unit, const cv::Mat& rgb) {
  if (unit < 0 || unit > 3 || rgb.empty()) return;
  cv::Mat rgba, flipped;
  cv::cvtColor(rgb, rgba, cv::COLOR_RGB2RGBA);
  cv::flip(rgba, flipped, 0);  // texture origin is bottom-left, as on Shadertoy
  if (channel_[unit] != noise_[unit]) glDeleteTextures(1, &channel_[unit]);
  channel_[unit] =
      makeTexture(flipped.cols, flipped.rows, flipped.data, GL_LINEAR_MIPMAP_LINEAR, GL_REPEAT);
  channel_res_[unit][0] = float(rgb.cols);
  channel_res_[unit][1] = float(rgb.rows);
}

}  // namespace pmg::render
