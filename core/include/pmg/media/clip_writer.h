// Writing clips to disk: MP4, PNG frames or .npy, plus a filmstrip preview.
#pragma once
#include <string>

#include "pmg/base/clip.h"

namespace pmg {
inline namespace media {

/// Output format of `pmg generate`.
enum class ClipFormat { Mp4, Png, Npy };

/// Parses "mp4" | "png" | "npy"; throws std::invalid_argument otherwise.
ClipFormat parseClipFormat(const std::string& name);

/// Writes `clip` under `stem` (stem.mp4, stem/NN.png, or stem.npy with shape T,H,W,3).
/// Returns the path written.
std::string writeClip(const Clip& clip, const std::string& stem, ClipFormat format);

/// First, middle and last frames side by side, separated by 4 px gaps (RGB).
cv::Mat filmstrip(const Clip& clip, int max_frames = 3);

}  // namespace media
}  // namespace pmg
