// Motion statistics of a clip: how much it moves (paper Sec. 4.7).
#pragma once
#include <vector>

#include "pmg/clip.h"
#include "pmg/motion_program.h"

namespace pmg {

/// Per-clip motion measures.
struct MotionStats {
  double mean_frame_difference = 0.0;      ///< mean |F(t+1) - F(t)| over pixels and steps (0..255)
  double mean_patch_displacement = 0.0;    ///< mean displacement of a patch grid per step (pixels)
  std::vector<double> frame_difference;    ///< per step (T-1 values)
  std::vector<double> patch_displacement;  ///< per step (T-1 values)
};

/// Mean absolute difference between consecutive frames, per step.
std::vector<double> frameDifferences(const Clip& clip);

/// Mean displacement of the centres of a patch grid (patch px) between consecutive
/// frames under the program's geometry, per step. Photometric transforms give 0.
std::vector<double> patchDisplacements(const MotionProgram& program, int patch = 16);

/// Both measures for a clip and the program that made it.
MotionStats motionStats(const Clip& clip, const MotionProgram& program, int patch = 16);

}  // namespace pmg
