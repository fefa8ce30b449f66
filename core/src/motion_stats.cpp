#include "pmg/motion_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/core.hpp>

#include "pmg/motion_field.h"

namespace pmg {

namespace {

double average(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

cv::Point2d apply(const cv::Matx33d& m, const cv::Point2d& p) {
  const cv::Vec3d q = m * cv::Vec3d(p.x, p.y, 1.0);
  return {q[0] / q[2], q[1] / q[2]};
}

}  // namespace

std::vector<double> frameDifferences(const Clip& clip) {
  std::vector<double> out;
  cv::Mat diff;
  for (int t = 1; t < clip.frames; ++t) {
    cv::absdiff(clip.frame(t), clip.frame(t - 1), diff);
    const cv::Scalar m = cv::mean(diff);
    out.push_back((m[0] + m[1] + m[2]) / 3.0);
  }
  return out;
}

std::vector<double> patchDisplacements(const MotionProgram& p, int patch) {
  std::vector<double> out;
  const int cells = std::max(1, p.size / patch);
  if (p.kind == TransformKind::Objects) {  // every object moves its own way: the exact field
    MotionField field = motionField(p);
    for (int t = 1; t < p.frames; ++t) {
      const cv::Mat flow = field.flowAt(t - 1);
      double sum = 0.0;
      for (int gy = 0; gy < cells; ++gy)
        for (int gx = 0; gx < cells; ++gx) {
          const cv::Vec2f d = flow.at<cv::Vec2f>(std::min(p.size - 1, int((gy + 0.5) * patch)),
                                                 std::min(p.size - 1, int((gx + 0.5) * patch)));
          sum += std::hypot(double(d[0]), double(d[1]));
        }
      out.push_back(sum / (cells * cells));
    }
    return out;
  }
  for (int t = 1; t < p.frames; ++t) {
    double sum = 0.0;
    int count = 0;
    for (int gy = 0; gy < cells; ++gy) {
      for (int gx = 0; gx < cells; ++gx) {
        const cv::Point2d c((gx + 0.5) * patch, (gy + 0.5) * patch);  // centre in frame t-1
        double d = 0.0;
        if (p.kind == TransformKind::CutMix) {
          const cv::Point a = p.cutmix_position[t - 1], b = p.cutmix_position[t];
          const cv::Rect r(a.x, a.y, p.cutmix_patch.width, p.cutmix_patch.height);
          if (r.contains(cv::Point(int(c.x), int(c.y)))) d = std::hypot(b.x - a.x, b.y - a.y);
        } else {
          // Where the content at c in frame t-1 lands in frame t.
          const cv::Matx33d step = p.geometry[t] * p.geometry[t - 1].inv();
          const cv::Point2d q = apply(step, c);
          d = std::hypot(q.x - c.x, q.y - c.y);
        }
        sum += d;
        ++count;
      }
    }
    out.push_back(count ? sum / count : 0.0);
  }
  return out;
}

MotionStats motionStats(const Clip& clip, const MotionProgram& program, int patch) {
  MotionStats s;
  s.frame_difference = frameDifferences(clip);
  s.patch_displacement = patchDisplacements(program, patch);
  s.mean_frame_difference = average(s.frame_difference);
  s.mean_patch_displacement = average(s.patch_displacement);
  return s;
}

}  // namespace pmg
