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
    MotionField field = motionField(p, 4);
    for (int t = 1; t < p.frames; ++t) {
      const cv::Mat flow = field.flowAt(t - 1);
      double sum = 0.0;
      for (int gy = 0; gy < cells; ++gy)
        for (int gx = 0; gx < cells; ++gx) {
          const cv::Vec2f d =
              flow.at<cv::Vec2f>(std::min(field.size - 1, int((gy + 0.5) * patch) / 4),
                                 std::min(field.size - 1, int((gx + 0.5) * patch) / 4));
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

void addFieldStats(MotionStats& s, const MotionProgram& program, int patch) {
  // Every 8th pixel of each row and column: the same measures at a 64th of the cost (the GUI
  // recomputes them on every edit).
  constexpr int kStride = 8;
  MotionField field = motionField(program, kStride);
  const int n = field.size, steps = field.frames - 1;
  double sum = 0.0, largest = 0.0;
  long visible = 0, total = 0;
  for (int t = 0; t < steps; ++t) {
    const cv::Mat flow = field.flowAt(t), vis = field.visibleAt(t);
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        ++total;
        if (!vis.at<uint8_t>(y, x)) continue;
        const cv::Vec2f d = flow.at<cv::Vec2f>(y, x);
        const double len = std::hypot(double(d[0]), double(d[1]));
        sum += len;
        largest = std::max(largest, len);
        ++visible;
      }
  }
  s.mean_displacement = visible ? sum / double(visible) : 0.0;
  s.max_displacement = largest;
  s.occluded_fraction = total ? 1.0 - double(visible) / double(total) : 0.0;
  // Carry each patch centre of frame 0 along the flow; it counts while it stays visible.
  const int cells = std::max(1, program.size / patch);
  int kept = 0;
  for (int gy = 0; gy < cells; ++gy)
    for (int gx = 0; gx < cells; ++gx) {
      double x = (gx + 0.5) * patch, y = (gy + 0.5) * patch;  // clip pixels
      bool alive = true;
      for (int t = 0; t < steps && alive; ++t) {
        const int ix = int(std::lround(x / kStride)), iy = int(std::lround(y / kStride));
        if (ix < 0 || iy < 0 || ix >= n || iy >= n || !field.visibleAt(t).at<uint8_t>(iy, ix)) {
          alive = false;
          break;
        }
        const cv::Vec2f d = field.flowAt(t).at<cv::Vec2f>(iy, ix);
        x += d[0];
        y += d[1];
      }
      kept += alive ? 1 : 0;
    }
  s.trackable_fraction = double(kept) / double(cells * cells);
}

MotionStats motionStats(const Clip& clip, const MotionProgram& program, int patch) {
  MotionStats s;
  s.frame_difference = frameDifferences(clip);
  s.patch_displacement = patchDisplacements(program, patch);
  s.mean_frame_difference = average(s.frame_difference);
  s.mean_patch_displacement = average(s.patch_displacement);
  addFieldStats(s, program, patch);
  return s;
}

}  // namespace pmg
