// Headless OpenGL 3.3+ core context through EGL, with no display server:
// Mesa surfaceless (llvmpipe in CI) or an NVIDIA EGL device matching a CUDA device.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

namespace pmg::render {

/// Error creating or using a GL context; the message says which EGL/GL step failed.
class GlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A current-able headless GL context. One per thread that renders.
class EglContext {
 public:
  /// Creates a GL >= 3.3 core context. `cuda_device` >= 0 picks the EGL device whose
  /// EGL_CUDA_DEVICE_NV matches; -1 tries Mesa surfaceless, then devices, then default.
  static std::unique_ptr<EglContext> create(int cuda_device = -1);
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  /// Makes the context current on the calling thread.
  void makeCurrent();
  /// Releases the context from the calling thread.
  void release();
  /// GL_VENDOR / GL_RENDERER / GL_VERSION strings (context must be current).
  std::string vendor() const;
  std::string renderer() const;
  std::string version() const;
  /// Which EGL platform was used ("surfaceless", "device N", "default").
  const std::string& platform() const { return platform_; }

 private:
  EglContext() = default;
  void* display_ = nullptr;
  void* context_ = nullptr;
  std::string platform_;
};

}  // namespace pmg::render
