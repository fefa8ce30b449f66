// Exact motion of a PMG clip, computed from its motion program (never estimated): forward flow
// from each frame to the next and which pixels stay visible.
#pragma once
#include <opencv2/core.hpp>
#include <vector>

#include "pmg/base/clip.h"
#include "pmg/motion/motion_program.h"

namespace pmg {
inline namespace motion {

/// Forward flow and visibility of a clip of T frames: for pixel p of frame t, the content there
/// is at p + flow(p) in frame t + 1. visible(p) = 1 when it is still seen there: not covered by
/// something in front, not out of the frame, and content of the source (not the black border).
struct MotionField {
  int frames = 0;                ///< T; the field has T - 1 steps
  int size = 0;                  ///< samples per side: the clip side, or fewer with a stride
  int stride = 1;                ///< sample (x, y) is the clip pixel (x * stride, y * stride)
  std::vector<float> flow;       ///< (T - 1) x H x W x 2: dx, dy in pixels
  std::vector<uint8_t> visible;  ///< (T - 1) x H x W: 1 visible, 0 occluded or gone

  /// Flow of step t (frame t -> t + 1) as CV_32FC2 (a view).
  cv::Mat flowAt(int t);
  /// Visibility of step t as CV_8U (a view).
  cv::Mat visibleAt(int t);
  /// Read-only views (write through them is a bug; OpenCV has no const Mat).
  cv::Mat flowAt(int t) const { return const_cast<MotionField*>(this)->flowAt(t); }
  cv::Mat visibleAt(int t) const { return const_cast<MotionField*>(this)->visibleAt(t); }
};

/// The exact field of `program`'s clip, for every transform and both recursion modes, at every
/// `stride`-th pixel of each row and column (1: every pixel). Photometric transforms (identity,
/// fade, colour jitter) have zero flow.
MotionField motionField(const MotionProgram& program, int stride = 1);

/// Frame t + 1 sampled back along the flow of step t (bilinear): on visible pixels it
/// reproduces frame t up to resampling. Black where the flow points outside. Needs stride 1.
cv::Mat warpBackAlongFlow(const Clip& clip, const MotionField& field, int t);

/// The flow of step t as a colour-wheel picture (hue: direction, saturation: speed relative to
/// `max_speed` px/frame, or to the step's largest speed when <= 0); occluded pixels dark grey.
cv::Mat flowColors(const MotionField& field, int t, double max_speed = 0.0);

}  // namespace motion
}  // namespace pmg
