// Fixed-point bilinear warp for any homography (affine and perspective PMG frames).
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "pmg/motion/axis_warp.h"

namespace pmg {
inline namespace motion {

/// Warps RGB uint8 `src` by the forward map `m` (source -> destination pixel coordinates)
/// into `dst` (size x size), like cv::warpPerspective(INTER_LINEAR, BORDER_CONSTANT 0):
/// each output pixel samples the exact inverse-mapped position (double precision), with
/// bilinear weights in 1/128 px and black outside the source (and where the projective
/// denominator is not positive). Integer arithmetic after the coordinates, so the output
/// is bit-identical on every CPU of an architecture, with or without AVX2; on an
/// axis-aligned map it equals warpAxisAligned. `dst` must not share memory with `src`.
void warpHomography(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size,
                    SimdLevel simd = SimdLevel::Auto);

/// warpHomography for many maps of one source: the source is prepared (padded) once. The
/// objects transform samples every object's texture of a clip from one image this way.
class HomographySampler {
 public:
  explicit HomographySampler(const cv::Mat& src, SimdLevel simd = SimdLevel::Auto);
  /// dst (out.width x out.height) = src warped by the forward map m, as warpHomography.
  void warp(cv::Mat& dst, const cv::Matx33d& m, cv::Size out) const;
  /// Writes only the spans [x0, x1) of each row y of `target` (an RGB uint8 view, e.g. a box
  /// of a frame) with the source warped by m, whose destination coordinates are target's;
  /// the same samples as warp() up to float rounding of the span's start. Objects use it to
  /// paint a convex shape straight into the frame.
  void warpSpans(cv::Mat& target, const cv::Matx33d& m, const std::vector<cv::Vec2i>& spans) const;

 private:
  std::vector<uint8_t> bytes_;
  int stride_ = 0, cols_ = 0, rows_ = 0;
  bool fast_ = false;
};

}  // namespace motion
}  // namespace pmg
