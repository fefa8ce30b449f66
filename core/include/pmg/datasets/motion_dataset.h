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
#include "pmg/media/image_io.h"

namespace pmg {
inline namespace datasets {

/// Names of the motion classes, in label order (13 in all).
const std::vector<std::string>& motionClassNames();

/// What surrounds the labelled object, to make the task closer to action recognition. All
/// off by default, which gives the clips of earlier versions byte for byte.
struct MotionScene {
  int distractors = 0;               ///< other objects, each with its own random motion
  double camera_motion = 0.0;        ///< the camera pans by up to this share of the size per frame
  std::vector<cv::Mat> backgrounds;  ///< RGB photos to crop backgrounds from (else textures)
};

/// Clip `index` of class `label` (deterministic by seed), T x size x size RGB. The scene's
/// draws come from their own stream, so the labelled object is the same with or without it.
Clip motionClip(int label, uint64_t seed, long index, int frames = 16, int size = 112,
                const MotionScene& scene = {});

/// Background photos from `folder` (every image file, recursively, sorted; at most
/// kMaxMotionBackgrounds, spread evenly over the list), scaled so the short side is at most
/// `short_side`. Unreadable files go to `skipped` with the reason; throws ConfigError when the
/// folder has no readable image.
std::vector<cv::Mat> loadMotionBackgrounds(const std::string& folder, int short_side,
                                           std::vector<SkippedPath>* skipped);
constexpr int kMaxMotionBackgrounds = 256;

/// Options of `pmg make-motion-dataset`.
struct MotionDatasetOptions {
  std::string out;
  int classes = 13;    ///< the first K classes
  int per_class = 20;  ///< videos per class (train + test)
  double test_fraction = 0.25;
  int frames = 16;
  int size = 112;
  uint64_t seed = 0;
  int distractors = 0;         ///< see MotionScene
  double camera_motion = 0.0;  ///< see MotionScene
  std::string backgrounds;     ///< a folder of photos; empty = textured backgrounds
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
/// testlist.txt (UCF101-style "split/class/file.mp4 label" lines). Returns the videos written;
/// background photos that could not be read go to `skipped` (named, with the reason).
long writeMotionDataset(const MotionDatasetOptions& options,
                        std::vector<SkippedPath>* skipped = nullptr);

}  // namespace datasets
}  // namespace pmg
