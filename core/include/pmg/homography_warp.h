// Fixed-point bilinear warp for any homography (affine and perspective PMG frames).
#pragma once
#include <opencv2/core.hpp>

#include "pmg/axis_warp.h"

namespace pmg {

/// Warps RGB uint8 `src` by the forward map `m` (source -> destination pixel coordinates)
/// into `dst` (size x size), like cv::warpPerspective(INTER_LINEAR, BORDER_CONSTANT 0):
/// each output pixel samples the exact inverse-mapped position (double precision), with
/// bilinear weights in 1/128 px and black outside the source (and where the projective
/// denominator is not positive). Integer arithmetic after the coordinates, so the output
/// is bit-identical on every CPU of an architecture, with or without AVX2; on an
/// axis-aligned map it equals warpAxisAligned. `dst` must not share memory with `src`.
void warpHomography(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size,
                    SimdLevel simd = SimdLevel::Auto);

}  // namespace pmg
