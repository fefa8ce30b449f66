// Draws Shadertoy programs into an offscreen framebuffer and reads pixels back,
// synchronously or through a ring of pixel-buffer objects. Works in any current
// GL >= 3.3 core context (the headless EGL one or the GUI's Qt one).
#pragma once
#include <cstdint>
#include <deque>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "pmg/render/shader_program.h"

namespace pmg::render {

/// Offscreen target with built-in iChannel noise textures. Needs a current context
/// for construction, every call and destruction.
class OffscreenRenderer {
 public:
  /// Creates a width x height RGBA8 target; `ring` PBOs for asynchronous readback.
  OffscreenRenderer(int width, int height, int ring = 3);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  /// Changes the target size (drops pending readbacks).
  void resize(int width, int height);
  int width() const { return width_; }
  int height() const { return height_; }

  /// Draws one frame into the target. With `measure`, waits for it and returns its cost
  /// in ms (wall time on a GPU; CPU time per rasterizer thread on llvmpipe), else 0.
  double draw(const ShaderProgram& program, const ShaderInputs& inputs, bool measure = false);
  /// Draws and reads back synchronously: RGB uint8, top row first.
  /// `draw_ms`, if given, receives the draw's wall time.
  cv::Mat render(const ShaderProgram& program, const ShaderInputs& inputs,
                 double* draw_ms = nullptr);

  /// Draws and queues an asynchronous readback tagged `tag`. If the ring is full,
  /// the oldest readback is completed first and returned.
  std::optional<std::pair<int64_t, cv::Mat>> renderAsync(const ShaderProgram& program,
                                                         const ShaderInputs& inputs, int64_t tag);
  /// Completes the oldest pending readback, if any.
  std::optional<std::pair<int64_t, cv::Mat>> collect();
  /// Number of readbacks in flight.
  size_t pending() const { return pending_.size(); }

  /// Binds an RGB image to iChannel `unit` (0..3) instead of its noise texture.
  void setChannelImage(int unit, const cv::Mat& rgb);
  /// GL texture holding the last frame (flipped: top row first), for GUI display.
  uint32_t resultTexture() const { return read_tex_; }

 private:
  void createTargets();
  void destroyTargets();
  void flipToReadTarget();
  cv::Mat readPbo(size_t index);

  int width_, height_;
  bool software_ = false;  ///< llvmpipe & co.: cost measured in CPU time
  uint32_t fbo_ = 0, tex_ = 0, read_fbo_ = 0, read_tex_ = 0, vao_ = 0, query_ = 0;
  uint32_t noise_[4] = {0, 0, 0, 0};
  uint32_t channel_[4] = {0, 0, 0, 0};
  float channel_res_[4][3] = {};
  std::vector<uint32_t> pbos_;
  struct Pending {
    size_t pbo;
    void* fence;
    int64_t tag;
  };
  std::deque<Pending> pending_;
  size_t next_pbo_ = 0;
};

}  // namespace pmg::render
