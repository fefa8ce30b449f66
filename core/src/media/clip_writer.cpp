#include "pmg/media/clip_writer.h"

#include "pmg/base/durable_file.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "pmg/media/image_io.h"
#include "pmg/media/npy.h"
#include "pmg/media/video_io.h"

namespace pmg {
inline namespace media {

ClipFormat parseClipFormat(const std::string& name) {
  if (name == "mp4") return ClipFormat::Mp4;
  if (name == "png") return ClipFormat::Png;
  if (name == "npy") return ClipFormat::Npy;
  throw std::invalid_argument("unknown format '" + name + "': allowed mp4, png, npy");
}

std::string writeClip(const Clip& clip, const std::string& stem, ClipFormat format) {
  switch (format) {
    case ClipFormat::Mp4: {
      const std::string path = stem + ".mp4";
      writeClipMp4(path, clip);
      return path;
    }
    case ClipFormat::Png: {
      std::filesystem::create_directories(stem);
      for (int t = 0; t < clip.frames; ++t) {
        char name[32];
        std::snprintf(name, sizeof name, "/%02d.png", t);
        writeImageRgb(stem + name, clip.frame(t));
      }
      return stem;
    }
    case ClipFormat::Npy: {
      const std::string path = stem + ".npy";
      writeNpyU8(path, clip.data.data(), {clip.frames, clip.height, clip.width, 3});
      return path;
    }
  }
  return stem;
}

cv::Mat filmstrip(const Clip& clip, int max_frames) {
  const int n = std::max(1, std::min(max_frames, clip.frames));
  const int gap = 4;
  cv::Mat strip(clip.height, n * clip.width + (n - 1) * gap, CV_8UC3, cv::Scalar(255, 255, 255));
  for (int i = 0; i < n; ++i) {
    const int t = n == 1 ? 0 : int(std::lround(double(i) * (clip.frames - 1) / (n - 1)));
    clip.frame(t).copyTo(strip(cv::Rect(i * (clip.width + gap), 0, clip.width, clip.height)));
  }
  return strip;
}

}  // namespace media
}  // namespace pmg
