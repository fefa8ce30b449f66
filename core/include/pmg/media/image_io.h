// Loading any image file as RGB uint8 and the source-image policy of PMG.
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace media {

/// Result of loading: an RGB uint8 image, or an empty image and the reason.
struct LoadedImage {
  cv::Mat rgb;
  std::string error;
  bool ok() const { return error.empty() && !rgb.empty(); }
};

/// Reads any image OpenCV decodes (grayscale, RGBA, 16-bit, EXIF-rotated) as RGB uint8.
LoadedImage loadImageRgb(const std::string& path);

/// Converts any cv::Mat (1/3/4 channels, 8/16-bit or float in [0,1]) to RGB uint8.
/// `bgr_order` says whether colour input is in OpenCV's BGR order.
cv::Mat toRgb8(const cv::Mat& image, bool bgr_order);

/// Source policy: resize so the short side equals `size` (area filter when
/// shrinking, bilinear when enlarging), then take a size x size square: centred, or at
/// `position` along the long side (-1 = left/top end, 1 = right/bottom end; multi-crop testing).
cv::Mat canonicalSquare(const cv::Mat& rgb, int size, double position = 0.0);

/// A folder entry a listing could not use, and why (named and counted, never dropped
/// silently).
struct SkippedPath {
  std::string path, reason;
};

/// Image files under `dir` (recursive, sorted, by extension), for folder sources.
/// Entries that look like images but cannot be used (dangling or looping links, folders
/// named like images, unreadable folders) go to `skipped` when given.
std::vector<std::string> listImageFiles(const std::string& dir,
                                        std::vector<SkippedPath>* skipped = nullptr);

/// Video files under `dir` (recursive, sorted, by extension); `skipped` as above.
std::vector<std::string> listVideoFiles(const std::string& dir,
                                        std::vector<SkippedPath>* skipped = nullptr);

/// True if the extension is a known image / video extension.
bool hasImageExtension(const std::string& path);
bool hasVideoExtension(const std::string& path);

/// Writes an RGB uint8 image (PNG/JPEG by extension). Throws on failure.
void writeImageRgb(const std::string& path, const cv::Mat& rgb);

}  // namespace media
}  // namespace pmg
