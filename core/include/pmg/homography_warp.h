// Fixed-point bilinear warp for any homography (affine and perspective PMG frames).
#pragma once
#include <opencv2/core.hpp>

namespace pmg {

/// Which instructions sample the pixels; all give the same bytes (tests compare them).
enum class HomographyKernel { Auto, Baseline };

/// Warps RGB uint8 `src` by the forward map `m` (source -> destination pixel coordinates)
/// into `dst` (size x size), like cv::warpPerspective(INTER_LINEAR, BORDER_CONSTANT 0):
/// each output pixel samples the exact inverse-mapped position (double precision), with
/// bilinear weights in 1/128 px and black outside the source (and where the projective
/// denominator is not positive). Integer arithmetic after the coordinates, so the output
/// is bit-identical on every CPU of an architecture, with or without AVX2; on an
/// axis-aligned map it equals warpAxisAligned. `dst` must not share memory with `src`.
/// `kernel`: Auto uses AVX2 where the CPU has it; Baseline forces the SSE2/scalar path.
void warpHomography(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size,
                    HomographyKernel kernel = HomographyKernel::Auto);

}  // namespace pmg
