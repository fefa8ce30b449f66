#include "pmg/media/video_io.h"

#include <filesystem>
#include <opencv2/imgproc.hpp>
#if PMG_HAVE_OPENCV_IO
#include <opencv2/videoio.hpp>
#endif
#include <stdexcept>

#include "pmg/base/file_kind.h"
#include "pmg/media/image_header.h"

namespace pmg {
inline namespace media {

#if !PMG_HAVE_OPENCV_IO
// Built without OpenCV's videoio (PMG_OPENCV_IO=OFF): video files cannot be read or written.
namespace {
[[noreturn]] void noVideoIo(const std::string& path) {
  throw std::runtime_error(path + ": this build has no video I/O (PMG_OPENCV_IO=OFF)");
}
}  // namespace
LoadedImage readRandomVideoFrame(const std::string& path, Rng&) {
  LoadedImage out;
  out.error = "this build has no video decoder (PMG_OPENCV_IO=OFF)";
  (void)path;
  return out;
}
Clip readVideoClip(const std::string& path, const ClipSampling&) {
  noVideoIo(path);
}
std::vector<Clip> readVideoClipCrops(const std::string& path, const ClipSampling&,
                                     const std::vector<double>&) {
  noVideoIo(path);
}
void writeClipMp4(const std::string& path, const Clip&, double) {
  noVideoIo(path);
}
std::string writeFramesMp4(const std::string& path, const std::vector<cv::Mat>&, double) {
  noVideoIo(path);
}
bool haveVideoIo() {
  return false;
}
int videoFrameCount(const std::string&) {
  return 0;
}
#else
bool haveVideoIo() {
  return true;
}

namespace {

int frameCount(cv::VideoCapture& cap) {
  const double n = cap.get(cv::CAP_PROP_FRAME_COUNT);
  return n > 0 && n < 1e9 ? int(n) : 0;
}

/// "" when the stream's frame size is within maxImagePixels(), else the reason.
std::string frameSizeProblem(cv::VideoCapture& cap) {
  const double w = cap.get(cv::CAP_PROP_FRAME_WIDTH), h = cap.get(cv::CAP_PROP_FRAME_HEIGHT);
  if (w * h <= double(maxImagePixels())) return "";
  return "video frames of " + std::to_string(int64_t(w)) + "x" + std::to_string(int64_t(h)) +
         " pixels are over the limit of " + std::to_string(maxImagePixels()) +
         " (set PMG_MAX_IMAGE_PIXELS to raise it)";
}

}  // namespace

int videoFrameCount(const std::string& path) {
  if (!irregularFileProblem(path).empty()) return 0;
  cv::VideoCapture cap(path);
  return cap.isOpened() ? frameCount(cap) : 0;
}

LoadedImage readRandomVideoFrame(const std::string& path, Rng& rng) {
  LoadedImage out;
  if (!std::filesystem::exists(path)) {
    out.error = "file not found";
    return out;
  }
  if (const std::string problem = irregularFileProblem(path); !problem.empty()) {
    out.error = problem;
    return out;
  }
  cv::VideoCapture cap(path);
  if (!cap.isOpened()) {
    out.error = "cannot open video (unknown container or codec)";
    return out;
  }
  out.error = frameSizeProblem(cap);
  if (!out.error.empty()) return out;
  const int n = frameCount(cap);
  const int target = n > 1 ? int(rng.uniformInt(0, n - 1)) : 0;
  if (target > 0) cap.set(cv::CAP_PROP_POS_FRAMES, target);
  cv::Mat bgr;
  if (!cap.read(bgr) || bgr.empty()) {
    // Seeking fails on some streams: fall back to the first frame.
    cap.set(cv::CAP_PROP_POS_FRAMES, 0);
    if (!cap.read(bgr) || bgr.empty()) {
      out.error = "video has no decodable frame";
      return out;
    }
  }
  out.rgb = toRgb8(bgr, true);
  return out;
}

Clip readVideoClip(const std::string& path, const ClipSampling& s) {
  return readVideoClipCrops(path, s, {s.crop}).front();
}

std::vector<Clip> readVideoClipCrops(const std::string& path, const ClipSampling& s,
                                     const std::vector<double>& crop_positions) {
  if (!std::filesystem::exists(path)) throw std::runtime_error(path + ": file not found");
  if (const std::string problem = irregularFileProblem(path); !problem.empty())
    throw std::runtime_error(path + ": " + problem);
  cv::VideoCapture cap(path);
  if (!cap.isOpened())
    throw std::runtime_error(path + ": cannot open video (unknown container or codec)");
  if (const std::string problem = frameSizeProblem(cap); !problem.empty())
    throw std::runtime_error(path + ": " + problem);
  const int n = frameCount(cap);
  const int span = (s.frames - 1) * s.stride + 1;
  int start = s.start >= 0 ? s.start : std::max(0, (n - span) / 2);
  if (start > 0) cap.set(cv::CAP_PROP_POS_FRAMES, start);
  std::vector<Clip> clips(crop_positions.size(), Clip(s.frames, s.size, s.size));
  cv::Mat bgr;
  int taken = 0, index = 0;
  while (taken < s.frames && cap.read(bgr) && !bgr.empty()) {
    if (index % s.stride == 0) {
      const cv::Mat rgb = toRgb8(bgr, true);
      for (size_t c = 0; c < clips.size(); ++c)
        canonicalSquare(rgb, s.size, crop_positions[c]).copyTo(clips[c].frame(taken));
      ++taken;
    }
    ++index;
  }
  if (taken == 0) throw std::runtime_error(path + ": video has no decodable frame");
  for (auto& clip : clips)
    for (int t = taken; t < s.frames; ++t) clip.frame(taken - 1).copyTo(clip.frame(t));
  return clips;
}

std::string writeFramesMp4(const std::string& path, const std::vector<cv::Mat>& frames,
                           double fps) {
  if (frames.empty()) throw std::runtime_error("no frames to write to " + path);
  const cv::Size size(frames[0].cols & ~1, frames[0].rows & ~1);  // H.264 wants even sizes
  const std::pair<int, const char*> codecs[] = {
      {cv::VideoWriter::fourcc('a', 'v', 'c', '1'), "H.264"},
      {cv::VideoWriter::fourcc('m', 'p', '4', 'v'), "mp4v"}};
  for (const auto& [fourcc, name] : codecs) {
    cv::VideoWriter writer(path, fourcc, fps, size, true);
    if (!writer.isOpened()) continue;
    cv::Mat bgr;
    for (const auto& f : frames) {
      cv::cvtColor(f(cv::Rect(0, 0, size.width, size.height)), bgr, cv::COLOR_RGB2BGR);
      writer.write(bgr);
    }
    return name;
  }
  throw std::runtime_error("cannot open a video writer (H.264 or mp4v) for " + path);
}

void writeClipMp4(const std::string& path, const Clip& clip, double fps) {
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps,
                         cv::Size(clip.width, clip.height), true);
  if (!writer.isOpened()) throw std::runtime_error("cannot open video writer for " + path);
  cv::Mat bgr;
  for (int t = 0; t < clip.frames; ++t) {
    cv::cvtColor(clip.frame(t), bgr, cv::COLOR_RGB2BGR);
    writer.write(bgr);
  }
}

#endif

}  // namespace media
}  // namespace pmg
