#include "pmg/render/fractaldb.h"

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"

namespace pmg::render {

namespace {

void normaliseProbabilities(IfsSystem& s) {
  double total = 0.0;
  for (auto& m : s.maps) total += std::abs(m.a * m.d - m.b * m.c);
  for (auto& m : s.maps)
    m.p = total > 0 ? std::abs(m.a * m.d - m.b * m.c) / total : 1.0 / double(s.maps.size());
}

/// Min-max normalises x and y independently into [pad, size - pad].
std::vector<cv::Point> toPixels(const std::vector<cv::Point2d>& pts, int size, int pad) {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (const auto& p : pts) {
    x0 = std::min(x0, p.x);
    x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y);
    y1 = std::max(y1, p.y);
  }
  const double sx = x1 > x0 ? (size - 2 * pad - 1) / (x1 - x0) : 0,
               sy = y1 > y0 ? (size - 2 * pad - 1) / (y1 - y0) : 0;
  std::vector<cv::Point> out;
  out.reserve(pts.size());
  for (const auto& p : pts)
    out.emplace_back(pad + int((p.x - x0) * sx), pad + int((p.y - y0) * sy));
  return out;
}

}  // namespace

std::vector<cv::Point2d> chaosGame(const IfsSystem& s, int points, uint64_t point_seed) {
  pmg::Rng rng(point_seed, 100);
  std::vector<cv::Point2d> out;
  out.reserve(size_t(points));
  double x = 0, y = 0;
  for (int i = 0; i < points; ++i) {
    double u = rng.uniform();
    size_t k = 0;
    while (k + 1 < s.maps.size() && u >= s.maps[k].p) u -= s.maps[k++].p;
    const IfsMap& m = s.maps[k];
    const double nx = m.a * x + m.b * y + m.e, ny = m.c * x + m.d * y + m.f;
    x = nx;
    y = ny;
    if (!std::isfinite(x) || !std::isfinite(y) || std::abs(x) > 1e12 || std::abs(y) > 1e12) break;
    out.emplace_back(x, y);
  }
  return out;
}

double fillRate(const std::vector<cv::Point2d>& pts, int size) {
  if (pts.size() < 2) return 0.0;
  cv::Mat img = cv::Mat::zeros(size, size, CV_8U);
  for (const auto& p : toPixels(pts, size, 6)) img.at<uint8_t>(p.y, p.x) = 127;
  return double(cv::countNonZero(img)) / double(size * size);
}

IfsSystem searchFractalCategory(uint64_t seed, long category, const FractalSearchOptions& o) {
  pmg::Rng rng(pmg::streamSeed(seed, pmg::Stream::FractalCategory), uint64_t(category));
  for (int attempt = 0; attempt < o.max_tries; ++attempt) {
    IfsSystem s;
    const int n = int(rng.uniformInt(o.min_maps, o.max_maps));
    for (int i = 0; i < n; ++i) {
      s.maps.push_back({rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1),
                        rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1), 0.0});
    }
    normaliseProbabilities(s);
    const auto pts = chaosGame(s, o.points, seed);
    if (int(pts.size()) < o.points) continue;  // diverged
    s.fill_rate = fillRate(pts, o.test_size);
    if (s.fill_rate >= o.min_fill) return s;
  }
  throw std::runtime_error("no IFS category passed the fill-rate test in " +
                           std::to_string(o.max_tries) + " tries");
}

cv::Mat renderFractalInstance(const IfsSystem& base, long instance, int size, int points,
                              bool color) {
  // FractalDB weights_0.4: row 0 all ones, then for each of a..f the multipliers {0.2,
  // 0.6, 1.4, 1.8}.
  const double multipliers[4] = {0.2, 0.6, 1.4, 1.8};
  const long weight_row = instance / 4 % 25;
  const int flip = int(instance % 4);
  IfsSystem s = base;
  if (weight_row > 0) {
    const int param = int((weight_row - 1) / 4), which = int((weight_row - 1) % 4);
    for (auto& m : s.maps) (&m.a)[param] *= multipliers[which];
  }
  normaliseProbabilities(s);
  const auto pts = chaosGame(s, points, 100);  // same point sequence for every instance
  cv::Mat img = cv::Mat::zeros(size, size, CV_8UC3);
  if (pts.size() < 2) return img;
  pmg::Rng mask_rng(uint64_t(instance), 0x9A7C4ULL);
  const auto px = toPixels(pts, size, 6);
  for (size_t i = 0; i < px.size(); ++i) {
    const int mask = int(mask_rng.uniformInt(1, 511));
    cv::Vec3b c(127, 127, 127);
    if (color) {
      const double h = double(i) / double(px.size());
      c = cv::Vec3b(uint8_t(127 + 127 * std::cos(6.283 * h)),
                    uint8_t(127 + 127 * std::cos(6.283 * (h + 0.33))),
                    uint8_t(127 + 127 * std::cos(6.283 * (h + 0.67))));
    }
    for (int k = 0; k < 9; ++k) {
      if (!(mask >> k & 1)) continue;
      const int x = px[i].x + k % 3, y = px[i].y + k / 3;
      if (x < size && y < size) img.at<cv::Vec3b>(y, x) = c;
    }
  }
  if (flip == 1)
    cv::flip(img, img, 0);
  else if (flip == 2)
    cv::flip(img, img, 1);
  else if (flip == 3)
    cv::flip(img, img, -1);
  return img;
}

}  // namespace pmg::render
