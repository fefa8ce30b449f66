#include "pmg/motion/clip_generator.h"

#include "pmg/base/random_streams.h"
#include "pmg/motion/rasterizer.h"

namespace pmg {
inline namespace motion {

GeneratedClip generateClipFromImage(const PmgConfig& config, const cv::Mat& rgb, uint64_t seed,
                                    long index, const cv::Mat& second) {
  GeneratedClip out;
  Rng rng(seed, uint64_t(index));
  out.program = drawMotionProgram(config, rng);
  const cv::Mat src = canonicalSquare(rgb, config.size);
  cv::Mat donor;
  if (!second.empty() && out.program.needsSecondImage())
    donor = canonicalSquare(second, config.size);
  out.clip = rasterize(out.program, src, donor);
  out.stats = motionStats(out.clip, out.program);
  return out;
}

PreparedClip prepareClip(const PmgConfig& config, ImageSource& source, uint64_t seed, long index,
                         long item) {
  PreparedClip out;
  if (source.size() <= 0) {
    out.error = "source is empty";
    return out;
  }
  Rng rng(seed, uint64_t(index));
  out.source_index = item >= 0 ? item % source.size() : index % source.size();
  out.source_name = source.itemName(out.source_index);
  // Separate streams for loading and for the motion, so a source's own randomness
  // (e.g. which video frame) does not shift the motion parameters.
  Rng load_rng(streamSeed(seed, Stream::SourceLoad), uint64_t(index));
  LoadedImage img = source.load(out.source_index, load_rng);
  if (!img.ok()) {
    out.error = img.error.empty() ? "empty image" : img.error;
    return out;
  }
  out.program = drawMotionProgram(config, rng);
  out.source = canonicalSquare(img.rgb, config.size);
  if (out.program.needsSecondImage() && source.size() > 1) {
    long j = long(rng.uniformInt(0, source.size() - 2));
    if (j >= out.source_index) ++j;
    LoadedImage second = source.load(j, load_rng);
    if (second.ok()) {
      out.donor = canonicalSquare(second.rgb, config.size);
      out.second_name = source.itemName(j);
    }
  }
  return out;
}

GeneratedClip generateClip(const PmgConfig& config, ImageSource& source, uint64_t seed, long index,
                           bool with_stats, long item) {
  PreparedClip p = prepareClip(config, source, seed, index, item);
  GeneratedClip out;
  out.source_index = p.source_index;
  out.source_name = std::move(p.source_name);
  out.second_name = std::move(p.second_name);
  out.error = std::move(p.error);
  if (!out.ok()) return out;
  out.clip = rasterize(p.program, p.source, p.donor);
  out.program = std::move(p.program);
  if (with_stats) out.stats = motionStats(out.clip, out.program);
  return out;
}

}  // namespace motion
}  // namespace pmg
