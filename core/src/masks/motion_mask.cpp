#include "pmg/masks/motion_mask.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "pmg/motion/motion_field.h"

namespace pmg {
inline namespace masks {

namespace {

int maskedCount(const TokenGrid& g, double ratio) {
  return std::clamp(int(ratio * g.tokensPerSlice()), 0, g.tokensPerSlice());  // as tubeMask
}

/// A random set of `count` tokens of one slice.
std::vector<uint8_t> randomSlice(const TokenGrid& g, int count, Rng& rng) {
  std::vector<int> order(size_t(g.tokensPerSlice()));
  std::iota(order.begin(), order.end(), 0);
  for (int i = int(order.size()) - 1; i > 0; --i)
    std::swap(order[size_t(i)], order[size_t(rng.uniformInt(0, i))]);
  std::vector<uint8_t> slice(order.size(), 0);
  for (int i = 0; i < count; ++i) slice[size_t(order[size_t(i)])] = 1;
  return slice;
}

/// Adds or drops random tokens of a slice until exactly `count` are masked.
void fixCount(std::vector<uint8_t>& slice, int count, Rng& rng) {
  int have = int(std::count(slice.begin(), slice.end(), uint8_t(1)));
  while (have != count) {
    const bool add = have < count;
    std::vector<int> candidates;
    for (size_t i = 0; i < slice.size(); ++i)
      if ((slice[i] != 0) != add) candidates.push_back(int(i));
    slice[size_t(candidates[size_t(rng.uniformInt(0, long(candidates.size()) - 1))])] = add ? 1 : 0;
    have += add ? 1 : -1;
  }
}

}  // namespace

std::vector<uint8_t> tubeTokenMask(const TokenGrid& g, double ratio, Rng& rng) {
  const auto first = randomSlice(g, maskedCount(g, ratio), rng);
  std::vector<uint8_t> mask;
  for (int s = 0; s < g.slices; ++s) mask.insert(mask.end(), first.begin(), first.end());
  return mask;
}

std::vector<uint8_t> motionTokenMask(const MotionProgram& program, bool flipped, const TokenGrid& g,
                                     double ratio, Rng& rng) {
  const int count = maskedCount(g, ratio), n = g.tokensPerSlice();
  std::vector<uint8_t> mask = randomSlice(g, count, rng);
  const int stride = std::max(1, g.patch / 4);  // the field at a quarter-patch resolution
  MotionField field = motionField(program, stride);
  const int side = program.size;
  // The masked patch centres of slice 0, in clip pixels (of the shown, possibly mirrored clip).
  std::vector<cv::Point2d> points;
  for (int i = 0; i < n; ++i)
    if (mask[size_t(i)])
      points.push_back({(i % g.grid + 0.5) * g.patch, (i / g.grid + 0.5) * g.patch});
  int frame = 0;
  for (int s = 1; s < g.slices; ++s) {
    for (; frame < s * g.tubelet && frame + 1 < field.frames; ++frame) {
      const cv::Mat flow = field.flowAt(frame);
      for (auto& p : points) {
        const double x = flipped ? side - 1 - p.x : p.x;  // where it is in the program's frame
        const int gx = std::clamp(int(std::lround(x / stride)), 0, field.size - 1);
        const int gy = std::clamp(int(std::lround(p.y / stride)), 0, field.size - 1);
        const cv::Vec2f d = flow.at<cv::Vec2f>(gy, gx);
        p.x += flipped ? -d[0] : d[0];
        p.y += d[1];
      }
    }
    std::vector<uint8_t> slice(size_t(n), 0);
    for (const auto& p : points) {
      const int tx = int(std::floor(p.x / g.patch)), ty = int(std::floor(p.y / g.patch));
      if (tx >= 0 && ty >= 0 && tx < g.grid && ty < g.grid) slice[size_t(ty * g.grid + tx)] = 1;
    }
    fixCount(slice, count, rng);
    mask.insert(mask.end(), slice.begin(), slice.end());
  }
  return mask;
}

}  // namespace masks
}  // namespace pmg
