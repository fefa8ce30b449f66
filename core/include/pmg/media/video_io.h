// Reading frames and clips from video files, and writing clips as MP4.
#pragma once
#include <string>
#include <vector>

#include "pmg/base/clip.h"
#include "pmg/base/rng.h"
#include "pmg/media/image_io.h"

namespace pmg {
inline namespace media {

/// A random frame of a video (PMG-Aug source), as RGB uint8; error set on failure.
LoadedImage readRandomVideoFrame(const std::string& path, Rng& rng);

/// Options for sampling a clip from a real video.
struct ClipSampling {
  int frames = 16;
  int stride = 4;     ///< take every stride-th frame
  int size = 224;     ///< short side resized to size, centre crop
  int start = -1;     ///< first frame; -1 = centred in the video
  double crop = 0.0;  ///< crop position along the long side: -1 first, 0 centre, 1 last
};

/// Reads `frames` frames with the given stride; pads by repeating the last frame.
/// Throws std::runtime_error naming the file when it cannot be decoded.
Clip readVideoClip(const std::string& path, const ClipSampling& sampling);

/// The same frames as readVideoClip, decoded once, as one clip per crop position (see
/// ClipSampling::crop); multi-crop testing. Throws like readVideoClip.
std::vector<Clip> readVideoClipCrops(const std::string& path, const ClipSampling& sampling,
                                     const std::vector<double>& crop_positions);

/// Writes a clip as an MP4 (mp4v) file; throws naming the path on failure.
void writeClipMp4(const std::string& path, const Clip& clip, double fps = 8.0);

/// Writes RGB frames (all the same size) as an MP4 in H.264 when this OpenCV build can
/// encode it, else MPEG-4 Part 2 (mp4v). Returns the codec used ("H.264" or "mp4v");
/// throws naming the path when neither works.
std::string writeFramesMp4(const std::string& path, const std::vector<cv::Mat>& frames_rgb,
                           double fps = 8.0);

/// Frames in a video file as its container reports them (0 if unknown or unreadable).
int videoFrameCount(const std::string& path);

/// False on builds without OpenCV's videoio (PMG_OPENCV_IO=OFF).
bool haveVideoIo();

}  // namespace media
}  // namespace pmg
