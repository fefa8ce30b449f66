#include "pmg/axis_warp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "simd_clones.h"

namespace pmg {

namespace {

constexpr int kWeightBits = 7;  // 1/128 px: horizontal sums of two taps fit in int16
constexpr int kOne = 1 << kWeightBits;

/// Two source taps and their fixed-point weights; a tap outside the image has weight 0.
struct Tap {
  int i0, i1;
  int16_t w0, w1;
};

Tap tapAt(double s, int n) {
  int i = int(std::floor(s));
  int w = int(std::lround((s - i) * kOne));
  if (w == kOne) ++i, w = 0;
  Tap t{std::clamp(i, 0, n - 1), std::clamp(i + 1, 0, n - 1), int16_t(kOne - w), int16_t(w)};
  if (i < 0 || i >= n) t.w0 = 0;
  if (i + 1 < 0 || i + 1 >= n) t.w1 = 0;
  return t;
}

// Both passes are written so the compiler vectorises them (see simd_clones.h).

/// Horizontal pass of one source row: out[x] = w0 * in[i0] + w1 * in[i1], per channel.
PMG_SIMD_CLONES void resampleRow(const uint8_t* in, int16_t* out, const Tap* taps, int width) {
  for (int x = 0; x < width; ++x) {
    const Tap t = taps[x];
    const uint8_t* a = in + t.i0 * 3;
    const uint8_t* b = in + t.i1 * 3;
    out[x * 3 + 0] = int16_t(a[0] * t.w0 + b[0] * t.w1);
    out[x * 3 + 1] = int16_t(a[1] * t.w0 + b[1] * t.w1);
    out[x * 3 + 2] = int16_t(a[2] * t.w0 + b[2] * t.w1);
  }
}

/// Vertical pass: blends two horizontally resampled rows into one output row.
PMG_SIMD_CLONES void blendRows(const int16_t* a, const int16_t* b, int w0, int w1, uint8_t* out,
                               int n) {
  constexpr int shift = 2 * kWeightBits, half = 1 << (shift - 1);
  for (int k = 0; k < n; ++k) out[k] = uint8_t((a[k] * w0 + b[k] * w1 + half) >> shift);
}

}  // namespace

bool isAxisAligned(const cv::Matx33d& m) {
  return m(0, 1) == 0.0 && m(1, 0) == 0.0 && m(2, 0) == 0.0 && m(2, 1) == 0.0 && m(2, 2) == 1.0 &&
         m(0, 0) != 0.0 && m(1, 1) != 0.0;
}

void warpAxisAligned(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size) {
  if (src.type() != CV_8UC3) throw std::invalid_argument("warpAxisAligned: source must be CV_8UC3");
  if (!isAxisAligned(m)) throw std::invalid_argument("warpAxisAligned: map is not axis-aligned");
  dst.create(size, size, CV_8UC3);
  // Inverse map: source x = (x - tx) / sx, as cv::warpAffine samples integer pixel coordinates.
  const double ax = 1.0 / m(0, 0), cx = -m(0, 2) / m(0, 0);
  const double ay = 1.0 / m(1, 1), cy = -m(1, 2) / m(1, 1);
  thread_local std::vector<Tap> xs, ys;
  thread_local std::vector<int16_t> rows;
  xs.resize(size_t(size));
  ys.resize(size_t(size));
  for (int x = 0; x < size; ++x) xs[size_t(x)] = tapAt(ax * x + cx, src.cols);
  int first = src.rows, last = -1;
  for (int y = 0; y < size; ++y) {
    const Tap& t = ys[size_t(y)] = tapAt(ay * y + cy, src.rows);
    if (t.w0 || t.w1) first = std::min(first, t.i0), last = std::max(last, t.i1);
  }
  if (last < first) {
    dst.setTo(cv::Scalar::all(0));
    return;
  }
  const size_t stride = size_t(size) * 3;
  rows.resize(size_t(last - first + 1) * stride);
  for (int r = first; r <= last; ++r) {
    resampleRow(src.ptr<uint8_t>(r), &rows[size_t(r - first) * stride], xs.data(), size);
  }
  for (int y = 0; y < size; ++y) {
    const Tap t = ys[size_t(y)];
    if (!t.w0 && !t.w1) {
      std::fill_n(dst.ptr<uint8_t>(y), stride, uint8_t(0));
      continue;
    }
    blendRows(&rows[size_t(t.i0 - first) * stride], &rows[size_t(t.i1 - first) * stride], t.w0,
              t.w1, dst.ptr<uint8_t>(y), int(stride));
  }
}

}  // namespace pmg
