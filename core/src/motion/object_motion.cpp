#include "pmg/motion/object_motion.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "pmg/base/rng.h"
#include "pmg/motion/homography_warp.h"

namespace pmg {
inline namespace motion {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// A radius (fraction of the side) from the truncated power law of dead leaves: density
/// r^-sigma - rmax^-sigma on [rmin, rmax], inverted numerically on a fine grid.
double drawRadius(const ObjectParams& p, Rng& rng) {
  if (p.radius_max <= p.radius_min) return p.radius_min;
  constexpr int n = 256;
  // The cumulative table of the radius density, computed once per thread and parameters.
  thread_local double cdf[n], total = 0.0, for_min = -1, for_max = -1, for_sigma = -1;
  if (for_min != p.radius_min || for_max != p.radius_max || for_sigma != p.radius_sigma) {
    const double tail = p.radius_sigma > 0 ? std::pow(p.radius_max, -p.radius_sigma) : 0.0;
    total = 0.0;
    for (int i = 0; i < n; ++i) {
      const double r = p.radius_min + (p.radius_max - p.radius_min) * i / (n - 1);
      total += std::max(0.0, std::pow(r, -p.radius_sigma) - tail);
      cdf[i] = total;
    }
    for_min = p.radius_min, for_max = p.radius_max, for_sigma = p.radius_sigma;
  }
  const double u = rng.uniform() * total;
  const int i = int(std::lower_bound(cdf, cdf + n, u) - cdf);
  return p.radius_min + (p.radius_max - p.radius_min) * std::min(i, n - 1) / (n - 1);
}

/// The shape's outline around the origin, radius r pixels.
std::vector<cv::Point2d> outline(ObjectShape s, double r, Rng& rng) {
  std::vector<cv::Point2d> pts;
  auto onCircle = [&](int corners) {
    std::vector<double> a(static_cast<size_t>(corners));
    for (auto& v : a) v = rng.uniform(0, 2 * kPi);
    std::sort(a.begin(), a.end());
    for (double v : a) pts.push_back({r * std::cos(v), r * std::sin(v)});
  };
  switch (s) {
    case ObjectShape::Circle:
      for (int i = 0; i < 40; ++i)
        pts.push_back({r * std::cos(2 * kPi * i / 40), r * std::sin(2 * kPi * i / 40)});
      break;
    case ObjectShape::Square:
    case ObjectShape::OrientedSquare: {
      const double h = r / std::sqrt(2.0);
      pts = {{-h, -h}, {h, -h}, {h, h}, {-h, h}};
      break;
    }
    case ObjectShape::Rectangle:
    case ObjectShape::Cutout: {
      const double a = s == ObjectShape::Cutout ? rng.uniform(kPi / 8, 3 * kPi / 8)
                                                : rng.uniform(0.05, kPi / 2 - 0.05);
      const double w = r * std::cos(a), h = r * std::sin(a);
      pts = {{-w, -h}, {w, -h}, {w, h}, {-w, h}};
      break;
    }
    case ObjectShape::Triangle:
      onCircle(3);
      break;
    case ObjectShape::Quadrilateral:
      onCircle(4);
      break;
  }
  return pts;
}

cv::Vec3b randomColor(Rng& rng) {
  return cv::Vec3b(uchar(rng.uniformInt(0, 255)), uchar(rng.uniformInt(0, 255)),
                   uchar(rng.uniformInt(0, 255)));
}

}  // namespace

cv::Matx33d MovingObject::at(int t) const {
  const double tau = double(std::clamp(t, move_from, move_to) - move_from);
  const cv::Point2d pos = start + velocity * tau + acceleration * (tau * tau);
  const double th = angle + spin * tau, c = std::cos(th), s = std::sin(th);
  const double sx = 1.0 + scale_x_rate * tau, sy = 1.0 + scale_y_rate * tau;
  const double hx = shear_x_rate * tau, hy = shear_y_rate * tau;
  const cv::Matx33d rot(c, -s, pos.x, s, c, pos.y, 0, 0, 1);  // rotation, then the position
  const cv::Matx33d scale(sx, 0, 0, 0, sy, 0, 0, 0, 1);
  const cv::Matx33d shear(1, hx, 0, hy, 1, 0, 0, 0, 1);
  return rot * scale * shear;
}

ObjectScene drawObjectScene(const ObjectParams& p, int frames, int size, Rng& rng) {
  ObjectScene scene;
  scene.background = p.background;
  scene.background_color = randomColor(rng);
  const int count = int(rng.uniformInt(long(p.count_min), long(p.count_max)));
  for (int i = 0; i < count; ++i) {
    MovingObject o;
    o.shape = p.shapes[size_t(rng.uniformInt(0, long(p.shapes.size()) - 1))];
    const double r = std::max(1.0, drawRadius(p, rng) * size);
    o.outline = outline(o.shape, r, rng);
    o.start = {rng.uniform(0, size), rng.uniform(0, size)};
    const double dir = rng.uniform(0, 2 * kPi);
    const cv::Point2d unit(std::cos(dir), std::sin(dir));
    o.velocity = unit * (rng.uniform(p.speed_min, p.speed_max) * size);
    o.acceleration = unit * (rng.uniform(-p.acceleration, p.acceleration) * size);
    o.angle = o.shape == ObjectShape::OrientedSquare || o.shape == ObjectShape::Cutout
                  ? rng.uniform(0, 2 * kPi)
                  : 0.0;
    o.spin = rng.uniform(-p.spin_deg, p.spin_deg) * kPi / 180.0;
    o.scale_x_rate = rng.uniform(-p.scale_rate, p.scale_rate);
    o.scale_y_rate = rng.uniform(-p.scale_rate, p.scale_rate);
    o.shear_x_rate = rng.uniform(-p.shear_rate, p.shear_rate);
    o.shear_y_rate = rng.uniform(-p.shear_rate, p.shear_rate);
    const double active = rng.uniform(p.active_min, p.active_max);
    const int span = std::clamp(int(std::lround(active * (frames - 1))), 0, frames - 1);
    o.move_from = int(rng.uniformInt(0, frames - 1 - span));
    o.move_to = o.move_from + span;
    o.textured = o.shape == ObjectShape::Cutout || rng.bernoulli(p.textured_probability);
    // The texture is cut where the object fits inside the image, so it never shows a border.
    double reach = 0.0;
    for (const auto& q : o.outline) reach = std::max(reach, std::hypot(q.x, q.y));
    const double lo = std::min(1.1 * reach, 0.5 * size), hi = std::max(size - 1.1 * reach, lo);
    o.texture_center = {rng.uniform(lo, hi), rng.uniform(lo, hi)};
    o.color = randomColor(rng);
    scene.objects.push_back(std::move(o));
  }
  if (p.shake > 0) {  // a sum of two sinusoids per axis, as a hand-held camera
    const double amplitude = rng.uniform(0, p.shake) * size;
    double f[4], phase[4];
    for (int k = 0; k < 4; ++k) {
      f[k] = rng.uniform(0.05, 0.3);
      phase[k] = rng.uniform(0, 2 * kPi);
    }
    for (int t = 0; t < frames; ++t)
      scene.shake.push_back(
          {0.5 * amplitude *
               (std::sin(2 * kPi * f[0] * t + phase[0]) + std::sin(2 * kPi * f[1] * t + phase[1])),
           0.5 * amplitude *
               (std::sin(2 * kPi * f[2] * t + phase[2]) +
                std::sin(2 * kPi * f[3] * t + phase[3]))});
  }
  return scene;
}

bool objectSpans(const MovingObject& o, int t, int size, int& first_row,
                 std::vector<cv::Vec2i>& spans) {
  const cv::Matx33d a = o.at(t);
  thread_local std::vector<cv::Point2d> poly;
  poly.clear();
  double y_lo = 1e30, y_hi = -1e30;
  for (const auto& q : o.outline) {
    poly.push_back(
        {a(0, 0) * q.x + a(0, 1) * q.y + a(0, 2), a(1, 0) * q.x + a(1, 1) * q.y + a(1, 2)});
    y_lo = std::min(y_lo, poly.back().y), y_hi = std::max(y_hi, poly.back().y);
  }
  first_row = std::max(0, int(std::ceil(y_lo)));
  const int end_row = std::min(size, int(std::floor(y_hi)) + 1);
  spans.clear();
  if (end_row <= first_row) return false;
  const size_t rows = size_t(end_row - first_row);
  thread_local std::vector<double> x_lo, x_hi;
  x_lo.assign(rows, 1e30);
  x_hi.assign(rows, -1e30);
  // Each edge updates the rows whose centre line it crosses: O(rows + edges) for a convex
  // outline, whose every row is then the one interval [x_lo, x_hi].
  for (size_t k = 0; k < poly.size(); ++k) {
    const cv::Point2d& p = poly[k];
    const cv::Point2d& q = poly[(k + 1) % poly.size()];
    const int y0 = std::max(first_row, int(std::ceil(std::min(p.y, q.y))));
    const int y1 = std::min(end_row - 1, int(std::floor(std::max(p.y, q.y))));
    if (p.y == q.y) {  // a horizontal edge on a centre line
      for (int y = y0; y <= y1; ++y) {
        const size_t r = size_t(y - first_row);
        x_lo[r] = std::min({x_lo[r], p.x, q.x}), x_hi[r] = std::max({x_hi[r], p.x, q.x});
      }
      continue;
    }
    const double slope = (q.x - p.x) / (q.y - p.y);
    for (int y = y0; y <= y1; ++y) {
      const size_t r = size_t(y - first_row);
      const double x = p.x + (y - p.y) * slope;
      x_lo[r] = std::min(x_lo[r], x), x_hi[r] = std::max(x_hi[r], x);
    }
  }
  spans.resize(rows);
  bool any = false;
  for (size_t r = 0; r < rows; ++r) {
    const int x0 = std::max(0, int(std::ceil(x_lo[r]))),
              x1 = std::min(size, int(std::floor(x_hi[r])) + 1);
    spans[r] = x1 > x0 ? cv::Vec2i(x0, x1) : cv::Vec2i(0, 0);
    any = any || x1 > x0;
  }
  return any;
}

void paintObjects(const ObjectScene& scene, int t, const HomographySampler* textures,
                  cv::Mat& frame) {
  std::vector<cv::Vec2i> spans;
  for (const MovingObject& o : scene.objects) {
    int first_row = 0;
    if (!objectSpans(o, t, frame.rows, first_row, spans)) continue;
    cv::Mat rows = frame.rowRange(first_row, first_row + int(spans.size()));
    if (!o.textured || !textures) {
      for (size_t r = 0; r < spans.size(); ++r) {
        auto* px = rows.ptr<cv::Vec3b>(int(r));
        std::fill(px + spans[r][0], px + spans[r][1], o.color);
      }
      continue;
    }
    // Image point i lands on frame point a * (i - texture_center), shifted to the first row;
    // only the covered pixels are sampled, straight into the frame.
    const cv::Matx33d m =
        cv::Matx33d(1, 0, 0, 0, 1, -first_row, 0, 0, 1) * o.at(t) *
        cv::Matx33d(1, 0, -o.texture_center.x, 0, 1, -o.texture_center.y, 0, 0, 1);
    textures->warpSpans(rows, m, spans);
  }
}

nlohmann::json describe(const ObjectScene& scene) {
  nlohmann::json objects = nlohmann::json::array();
  for (const auto& o : scene.objects)
    objects.push_back({{"shape", objectShapeName(o.shape)},
                       {"start", {o.start.x, o.start.y}},
                       {"velocity", {o.velocity.x, o.velocity.y}},
                       {"acceleration", {o.acceleration.x, o.acceleration.y}},
                       {"angle", o.angle},
                       {"spin", o.spin},
                       {"scale_rate", {o.scale_x_rate, o.scale_y_rate}},
                       {"shear_rate", {o.shear_x_rate, o.shear_y_rate}},
                       {"moves", {o.move_from, o.move_to}},
                       {"textured", o.textured}});
  nlohmann::json j = {{"background", objectBackgroundName(scene.background)}, {"objects", objects}};
  if (!scene.shake.empty()) j["shake"] = true;
  return j;
}

}  // namespace motion
}  // namespace pmg
