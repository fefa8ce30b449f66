// Fast bilinear warp for axis-aligned maps (scale + translation: sliding window, zoom).
#pragma once
#include <opencv2/core.hpp>

#include "pmg/base/simd_level.h"

namespace pmg {
inline namespace motion {

/// True when the forward map `m` only scales and translates (no rotation, shear or
/// perspective), so `warpAxisAligned` applies.
bool isAxisAligned(const cv::Matx33d& m);

/// Warps RGB uint8 `src` by the axis-aligned forward map `m` into `dst` (size x size)
/// with bilinear sampling and black outside, like cv::warpAffine(INTER_LINEAR,
/// BORDER_CONSTANT) but separable: each needed source row is resampled once
/// horizontally, then output rows blend two of them. Fixed-point (1/128 px weights),
/// so results are identical on every x86-64 CPU, with or without AVX2.
void warpAxisAligned(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size,
                     SimdLevel simd = SimdLevel::Auto);

}  // namespace motion
}  // namespace pmg
