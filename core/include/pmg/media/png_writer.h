// A dependency-free PNG encoder (RGB, 8 bit, zlib "stored" blocks): figures and thumbnails
// on builds without OpenCV's imgcodecs.
#pragma once
#include <opencv2/core.hpp>
#include <string>

namespace pmg {
inline namespace media {

/// Encodes an RGB uint8 image as PNG bytes (uncompressed deflate, valid for any decoder).
std::string encodePngRgb(const cv::Mat& rgb);

/// Writes encodePngRgb(rgb) to `path`; throws naming the path on failure.
void writePngRgb(const std::string& path, const cv::Mat& rgb);

}  // namespace media
}  // namespace pmg
