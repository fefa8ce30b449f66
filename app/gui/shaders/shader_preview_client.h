// The live shader preview, drawn in the shader worker process, never in the window:
// the viewport posts the latest frame wanted (program, size, time, iMouse, the PMG
// source as iChannel0) and a background thread renders the newest request there and
// hands back the image. A shader that hangs or crashes only loses its preview: the
// error says so and the window goes on.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <opencv2/core.hpp>
#include <string>
#include <thread>

namespace pmg::gui {

/// One frame wanted from the worker.
struct PreviewRequest {
  std::string source, common;
  int size = 256;
  double time = 0.0;
  float mouse[4] = {0, 0, 0, 0};
};

class ShaderPreviewClient {
 public:
  /// `ready` is called (on the worker thread) after each finished request.
  explicit ShaderPreviewClient(std::function<void()> ready);
  ~ShaderPreviewClient();
  ShaderPreviewClient(const ShaderPreviewClient&) = delete;
  ShaderPreviewClient& operator=(const ShaderPreviewClient&) = delete;
  /// Asks for a frame; replaces a request not started yet (only the newest matters).
  void request(const PreviewRequest& r);
  /// Sets iChannel0 for the following frames (a copy is kept).
  void setChannel0(const cv::Mat& rgb);
  /// Takes the newest finished frame: false when none arrived since the last call.
  /// `error` is "" or why the program could not be drawn; `ms` the round trip.
  bool take(cv::Mat* image, std::string* error, double* ms);
  /// True while a request is pending or being drawn.
  bool busy() const;

 private:
  void loop();
  std::function<void()> ready_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false, has_request_ = false, working_ = false, has_result_ = false;
  bool channel_dirty_ = false;
  PreviewRequest next_;
  cv::Mat channel0_, result_;
  std::string error_, failed_source_;
  double ms_ = 0.0;
  std::thread thread_;
};

}  // namespace pmg::gui
