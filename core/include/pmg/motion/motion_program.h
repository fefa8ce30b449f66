// MotionProgram: a transform and its parameters, drawn once per clip from a seed,
// expanded into per-frame geometry (3x3 homographies) and photometry.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <vector>

#include "pmg/motion/object_motion.h"

#include "pmg/base/rng.h"
#include "pmg/config/pmg_config.h"

namespace pmg {
inline namespace motion {

/// Colour-jitter factors of one step, applied in `order` (0 brightness, 1 contrast,
/// 2 saturation, 3 hue), as torchvision's ColorJitter does.
struct JitterStep {
  double brightness = 1.0;
  double contrast = 1.0;
  double saturation = 1.0;
  double hue = 0.0;
  int order[4] = {0, 1, 2, 3};
};

/// Per-clip motion, fully determined by (config, rng state).
struct MotionProgram {
  TransformKind kind = TransformKind::Identity;
  RecursionMode mode = RecursionMode::Recursive;
  int frames = 16;
  int size = 224;

  /// Per-step homography (frame t -> frame t+1) for Affine / Perspective.
  cv::Matx33d step = cv::Matx33d::eye();
  /// Per-frame map from canonical source coordinates to frame coordinates.
  std::vector<cv::Matx33d> geometry;
  /// Per-frame opacity (Fade); 1 elsewhere.
  std::vector<double> alpha;
  /// Colour-jitter step (ColorJitter).
  JitterStep jitter;
  /// CutMix: patch rectangle taken from the second image, and its top-left per frame.
  cv::Rect cutmix_patch;
  std::vector<cv::Point> cutmix_position;
  /// Zoom direction / fade direction chosen for this clip.
  bool reversed = false;
  /// Objects: the scene, and the camera motion of its background (a program of a global
  /// transform, or none).
  std::shared_ptr<const ObjectScene> objects;
  std::shared_ptr<const MotionProgram> camera;
  /// Drawn parameters, for manifests.
  nlohmann::json parameters;

  /// True when the transform uses a second image (CutMix's donor, the objects' textures).
  bool needsSecondImage() const {
    return kind == TransformKind::CutMix || kind == TransformKind::Objects;
  }
};

/// True for the transforms the device rasterizer (training/src/device_pmg.cpp) draws; the
/// others (objects) are painted on the CPU, also when training renders on the device.
inline bool renderableOnDevice(TransformKind kind) {
  return kind != TransformKind::Objects;
}

/// Draws the transform (by weight) and its parameters, then expands the schedule.
MotionProgram drawMotionProgram(const PmgConfig& config, Rng& rng);

/// Draws parameters for a fixed transform kind.
MotionProgram drawMotionProgram(const PmgConfig& config, TransformKind kind, Rng& rng);

}  // namespace motion
}  // namespace pmg
