// A video clip: T frames of H x W RGB uint8, stored contiguously (T, H, W, 3).
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

namespace pmg {
inline namespace base {

/// Contiguous T x H x W x 3 RGB uint8 clip; frames are cv::Mat views into `data`.
struct Clip {
  int frames = 0;
  int height = 0;
  int width = 0;
  std::vector<uint8_t> data;

  Clip() = default;
  /// Allocates a zero clip of the given shape.
  Clip(int t, int h, int w) : frames(t), height(h), width(w), data(size_t(t) * h * w * 3, 0) {}

  /// Writable view of frame t (CV_8UC3, RGB).
  cv::Mat frame(int t) { return cv::Mat(height, width, CV_8UC3, data.data() + frameBytes() * t); }
  /// Read-only view of frame t (CV_8UC3, RGB).
  cv::Mat frame(int t) const {
    return cv::Mat(height, width, CV_8UC3, const_cast<uint8_t*>(data.data()) + frameBytes() * t);
  }
  /// Bytes per frame.
  size_t frameBytes() const { return size_t(height) * width * 3; }
  bool empty() const { return data.empty(); }
};

}  // namespace base
}  // namespace pmg
