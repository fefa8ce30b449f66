#include "shaders/shader_preview_client.h"

#include <chrono>

#include "pmg/render/probe_worker.h"

namespace pmg::gui {

ShaderPreviewClient::ShaderPreviewClient(std::function<void()> ready)
    : ready_(std::move(ready)), thread_([this] { loop(); }) {}

ShaderPreviewClient::~ShaderPreviewClient() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();  // bounded by the worker's watchdog
}

void ShaderPreviewClient::request(const PreviewRequest& r) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_ = r;
    has_request_ = true;
  }
  wake_.notify_all();
}

void ShaderPreviewClient::setChannel0(const cv::Mat& rgb) {
  std::lock_guard<std::mutex> lock(mutex_);
  channel0_ = rgb.clone();
  channel_dirty_ = true;
}

bool ShaderPreviewClient::take(cv::Mat* image, std::string* error, double* ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!has_result_) return false;
  has_result_ = false;
  *image = result_;
  *error = error_;
  *ms = ms_;
  return true;
}

bool ShaderPreviewClient::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return has_request_ || working_;
}

void ShaderPreviewClient::loop() {
  render::ProbeWorker worker;
  pid_t channel_pid = -1;
  for (;;) {
    PreviewRequest r;
    cv::Mat channel;
    bool send_channel = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || has_request_; });
      if (stop_) return;
      r = next_;
      has_request_ = false;
      working_ = true;
      // A new worker (first start or after a kill) has no channel image yet.
      send_channel =
          !channel0_.empty() && (channel_dirty_ || worker.pid() != channel_pid || worker.pid() < 0);
      if (send_channel) channel = channel0_;
      channel_dirty_ = false;
    }
    std::string error;
    cv::Mat image;
    const auto t0 = std::chrono::steady_clock::now();
    render::ShaderEntry entry;
    entry.id = "preview";
    entry.source = r.source;
    entry.common = r.common;
    bool ok = true;
    if (send_channel) {
      ok = worker.setChannel(0, channel, &error);
      channel_pid = worker.pid();
    }
    if (ok)
      image = worker.render(entry, r.size, r.time, &error, render::defaultWatchdog(), r.mouse);
    if (!image.empty() && worker.pid() != channel_pid && !channel.empty()) channel_pid = -1;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      result_ = image;
      error_ = error;
      ms_ = ms;
      has_result_ = true;
      working_ = false;
    }
    if (ready_) ready_();
  }
}

}  // namespace pmg::gui
