// The one PMG path shared by the GUI, the CLI and training:
// (config, source, seed, sample index) -> clip + program + statistics.
#pragma once
#include <cstdint>
#include <string>

#include "pmg/base/clip.h"
#include "pmg/config/pmg_config.h"
#include "pmg/media/image_source.h"
#include "pmg/motion/motion_program.h"
#include "pmg/motion/motion_stats.h"

namespace pmg {
inline namespace motion {

/// A generated clip with everything needed to reproduce and describe it.
struct GeneratedClip {
  Clip clip;
  MotionProgram program;
  MotionStats stats;
  long source_index = -1;
  std::string source_name;
  std::string second_name;  ///< CutMix donor, if any
  std::string error;        ///< non-empty if the source could not be read
  bool ok() const { return error.empty(); }
};

/// Everything of a clip but its pixels: the program, the canonical source square and the
/// CutMix donor square (empty when none), for rasterizing elsewhere (the training device).
struct PreparedClip {
  MotionProgram program;
  cv::Mat source;  ///< RGB uint8, size x size
  cv::Mat donor;   ///< RGB uint8, size x size, or empty
  long source_index = -1;
  std::string source_name;
  std::string second_name;
  std::string error;  ///< non-empty if the source could not be read
  bool ok() const { return error.empty(); }
};

/// generateClip up to the rasterization: the same draws, so rasterizing the result gives
/// generateClip's clip.
PreparedClip prepareClip(const PmgConfig& config, ImageSource& source, uint64_t seed, long index,
                         long item = -1);

/// Generates sample `index` of a run seeded with `seed`. Source item = index mod size;
/// everything random comes from Rng(seed, index), so the result is byte-identical
/// across runs and thread counts. A source that cannot be read gives error, no throw.
/// `with_stats` = false skips the motion statistics (training does not need them).
/// `item` >= 0 takes that source item instead (a replacement for an unreadable one);
/// the motion still comes from Rng(seed, index).
GeneratedClip generateClip(const PmgConfig& config, ImageSource& source, uint64_t seed, long index,
                           bool with_stats = true, long item = -1);

/// Same, from an already loaded RGB image (GUI preview, single image).
GeneratedClip generateClipFromImage(const PmgConfig& config, const cv::Mat& rgb, uint64_t seed,
                                    long index, const cv::Mat& second = cv::Mat());

}  // namespace motion
}  // namespace pmg
