#include "data/split_clips.h"

#include <algorithm>
#include <numeric>

#include "pmg/base/parallel.h"
#include "pmg/media/video_io.h"

namespace pmg::training {

SplitClips::SplitClips(const std::vector<LabeledVideo>& videos, const VideoMaeConfig& c, int stride,
                       int views, int crops, double budget_gib)
    : videos_(videos), config_(c), stride_(stride), views_(views), crops_(crops) {
  const double bytes =
      double(videos.size()) * views * crops * c.frames * c.image_size * c.image_size * 3.0;
  std::vector<int> all(videos.size());
  std::iota(all.begin(), all.end(), 0);
  if (bytes <= budget_gib * double(1ull << 30)) {
    cache_ = decode(all);
    return;
  }
  parallelFor(long(videos.size()), 0, [&](long i) {  // throws naming the first bad file
    ClipSampling s;
    s.frames = 1;
    s.size = 16;
    readVideoClip(videos[size_t(i)].path, s);
  });
}

std::vector<std::vector<torch::Tensor>> SplitClips::get(const std::vector<int>& indices) const {
  if (!cached()) return decode(indices);
  std::vector<std::vector<torch::Tensor>> out;
  for (int i : indices) out.push_back(cache_[size_t(i)]);
  return out;
}

std::vector<std::vector<torch::Tensor>> SplitClips::decode(const std::vector<int>& indices) const {
  std::vector<std::vector<torch::Tensor>> out(indices.size());
  const VideoMaeConfig& c = config_;
  parallelFor(long(indices.size()), 0, [&](long j) {
    const std::string& path = videos_[size_t(indices[size_t(j)])].path;
    const int n = std::max(1, videoFrameCount(path));
    const int span = (c.frames - 1) * stride_ + 1;
    std::vector<double> positions;  // crops along the long side, all cut from one decode
    for (int k = 0; k < crops_; ++k)
      positions.push_back(crops_ == 1 ? 0.0 : -1.0 + 2.0 * k / (crops_ - 1));
    for (int view = 0; view < views_; ++view) {
      ClipSampling s;
      s.frames = c.frames;
      s.stride = stride_;
      s.size = c.image_size;
      s.start = views_ == 1 ? -1 : int(double(std::max(0, n - span)) * view / (views_ - 1));
      for (Clip& clip : readVideoClipCrops(path, s, positions))  // throws naming the file
        out[size_t(j)].push_back(torch::from_blob(clip.data.data(),
                                                  {clip.frames, clip.height, clip.width, 3},
                                                  torch::kUInt8)
                                     .clone());
    }
  });
  return out;
}

}  // namespace pmg::training
