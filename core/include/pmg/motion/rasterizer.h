// CPU rasterizer: turns a MotionProgram and a source image into a clip.
#pragma once
#include <opencv2/core.hpp>

#include "pmg/base/clip.h"
#include "pmg/motion/motion_program.h"

namespace pmg {
inline namespace motion {

/// How frames are warped: our fixed-point warps with AVX2 where the CPU has it, or the earlier
/// path kept as the benchmark's "before" (OpenCV's warpAffine / warpPerspective for rotated and
/// projective frames, the baseline separable warp for axis-aligned ones).
enum class WarpEngine { FixedPoint, OpenCv };

/// Renders the clip of `program` from `source` (RGB uint8, size x size, see
/// canonicalSquare). `second` is the CutMix donor image (same shape) and the objects' texture
/// image; when empty, the source rotated by 180 degrees is used. Window transforms (sliding window,
/// zoom, CutMix) always sample the source; the recursion mode applies to affine,
/// perspective, fade and colour jitter.
Clip rasterize(const MotionProgram& program, const cv::Mat& source,
               const cv::Mat& second = cv::Mat(), WarpEngine engine = WarpEngine::FixedPoint);

/// Applies one colour-jitter step to a float RGB image in [0, 1], in place.
void applyJitter(const JitterStep& step, cv::Mat& rgb32f);

}  // namespace motion
}  // namespace pmg
