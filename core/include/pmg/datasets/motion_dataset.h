// A labelled synthetic action dataset whose classes differ only by motion: a textured
// object translating in 8 directions, rotating cw/ccw, zooming in/out or oscillating,
// over varied textured backgrounds. Made by its own generator (not PMG), so accuracy
// on it measures transfer (issue "What did it learn", item 4).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "pmg/base/clip.h"
#include "pmg/config/number_field.h"

namespace pmg {
inline namespace datasets {

/// Names of the motion classes, in label order (13 in all).
const std::vector<std::string>& motionClassNames();

/// Clip `index` of class `label` (deterministic by seed), T x size x size RGB.
Clip motionClip(int label, uint64_t seed, long index, int frames = 16, int size = 112);

/// Options of `pmg make-motion-dataset`.
struct MotionDatasetOptions {
  std::string out;
  int classes = 13;    ///< the first K classes
  int per_class = 20;  ///< videos per class (train + test)
  double test_fraction = 0.25;
  int frames = 16;
  int size = 112;
  uint64_t seed = 0;
};

/// One description of the dataset's numeric options (key, flag, bounds, help): the CLI's
/// options, validateMotionDataset and experiment files' "motion_dataset" walk it.
using MotionDatasetField = NumberField<MotionDatasetOptions>;
const std::vector<MotionDatasetField>& motionDatasetFields();

/// The most raw frame bytes (classes x per_class x frames x size^2 x 3) one dataset may hold.
constexpr double kMaxMotionDatasetBytes = 16.0 * (1ULL << 30);

/// Checks every option against its field's bounds and the dataset's raw size against
/// kMaxMotionDatasetBytes before anything is written; throws ConfigError naming the
/// option and its bounds, or the size and the limit.
void validateMotionDataset(const MotionDatasetOptions& options);

/// Writes out/<split>/<class>/<class>_NNNN.mp4 plus classes.txt, trainlist.txt and
/// testlist.txt (UCF101-style "split/class/file.mp4 label" lines). Returns the videos written.
long writeMotionDataset(const MotionDatasetOptions& options);

}  // namespace datasets
}  // namespace pmg
