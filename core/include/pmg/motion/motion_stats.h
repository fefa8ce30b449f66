// Motion statistics of a clip: how much it moves (paper Sec. 4.7).
#pragma once
#include <vector>

#include "pmg/base/clip.h"
#include "pmg/motion/motion_program.h"

namespace pmg {
inline namespace motion {

/// Per-clip motion measures.
struct MotionStats {
  double mean_frame_difference = 0.0;      ///< mean |F(t+1) - F(t)| over pixels and steps (0..255)
  double mean_patch_displacement = 0.0;    ///< mean displacement of a patch grid per step (pixels)
  std::vector<double> frame_difference;    ///< per step (T-1 values)
  std::vector<double> patch_displacement;  ///< per step (T-1 values)
  // From the exact motion field (motion_field.h):
  double mean_displacement = 0.0;   ///< mean |flow| over visible pixels and steps (pixels)
  double max_displacement = 0.0;    ///< largest |flow| of a visible pixel (pixels)
  double occluded_fraction = 0.0;   ///< pixels not visible at the next frame, over all steps
  double trackable_fraction = 1.0;  ///< patch centres of frame 0 still visible at frame T-1
};

/// The field measures of `stats` (mean/max displacement, occluded and trackable fractions),
/// from the exact field of the program sampled every patch/2 pixels; `patch` is also the grid
/// of the trackable count.
void addFieldStats(MotionStats& stats, const MotionProgram& program, int patch = 16);

/// Mean absolute difference between consecutive frames, per step.
std::vector<double> frameDifferences(const Clip& clip);

/// Every measure for a clip and the program that made it.
MotionStats motionStats(const Clip& clip, const MotionProgram& program, int patch = 16);

}  // namespace motion
}  // namespace pmg
