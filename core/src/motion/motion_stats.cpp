#include "pmg/motion/motion_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/core.hpp>

#include "pmg/motion/motion_field.h"

namespace pmg {
inline namespace motion {

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

namespace {

double average(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

/// The field the statistics read: every patch/2-th pixel, so that patch centres ((k + 1/2) patch)
/// are samples of it.
MotionField statsField(const MotionProgram& program, int patch) {
  return motionField(program, std::max(1, patch / 2));
}

/// Mean displacement of the patch centres per step.
std::vector<double> patchDisplacementsOf(const MotionField& field, int size, int patch) {
  std::vector<double> out;
  const int cells = std::max(1, size / patch);
  for (int t = 0; t + 1 < field.frames; ++t) {
    const cv::Mat flow = field.flowAt(t);
    double sum = 0.0;
    for (int gy = 0; gy < cells; ++gy)
      for (int gx = 0; gx < cells; ++gx) {
        const cv::Vec2f d =
            flow.at<cv::Vec2f>(std::min(field.size - 1, int((gy + 0.5) * patch) / field.stride),
                               std::min(field.size - 1, int((gx + 0.5) * patch) / field.stride));
        sum += std::hypot(double(d[0]), double(d[1]));
      }
    out.push_back(sum / (cells * cells));
  }
  return out;
}

/// Mean/max displacement, occluded and trackable fractions of a field.
void addFieldMeasures(MotionStats& s, const MotionField& field, int size, int patch) {
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
  const int cells = std::max(1, size / patch);
  int kept = 0;
  for (int gy = 0; gy < cells; ++gy)
    for (int gx = 0; gx < cells; ++gx) {
      double x = (gx + 0.5) * patch, y = (gy + 0.5) * patch;  // clip pixels
      bool alive = true;
      for (int t = 0; t < steps && alive; ++t) {
        const int ix = int(std::lround(x / field.stride)), iy = int(std::lround(y / field.stride));
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

}  // namespace

void addFieldStats(MotionStats& s, const MotionProgram& program, int patch) {
  addFieldMeasures(s, statsField(program, patch), program.size, patch);
}

MotionStats motionStats(const Clip& clip, const MotionProgram& program, int patch) {
  MotionStats s;
  s.frame_difference = frameDifferences(clip);
  const MotionField field = statsField(program, patch);  // one field for every motion measure
  s.patch_displacement = patchDisplacementsOf(field, program.size, patch);
  s.mean_frame_difference = average(s.frame_difference);
  s.mean_patch_displacement = average(s.patch_displacement);
  addFieldMeasures(s, field, program.size, patch);
  return s;
}

}  // namespace motion
}  // namespace pmg
