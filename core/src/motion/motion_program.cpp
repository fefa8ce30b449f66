#include "pmg/motion/motion_program.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace pmg {
inline namespace motion {

namespace {

constexpr double kPi = 3.14159265358979323846;

double draw(Rng& rng, const Range& r) {
  return rng.uniform(r.lo, r.hi);
}
double drawSigned(Rng& rng, const Range& r) {
  return rng.uniform(r.lo, r.hi) * (rng.bernoulli(0.5) ? 1.0 : -1.0);
}

cv::Matx33d translation(double tx, double ty) {
  return {1, 0, tx, 0, 1, ty, 0, 0, 1};
}

/// Maps the square window (x0, y0, side) onto the whole size x size frame.
cv::Matx33d windowToFrame(double x0, double y0, double side, int size) {
  const double k = size / side;
  return {k, 0, -k * x0, 0, k, -k * y0, 0, 0, 1};
}

/// geometry[t] = step^t, built cumulatively.
void fillPowers(MotionProgram& p) {
  p.geometry.assign(p.frames, cv::Matx33d::eye());
  for (int t = 1; t < p.frames; ++t) p.geometry[t] = p.step * p.geometry[t - 1];
}

void drawSlidingWindow(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  const double side = std::round(c.params.window_fraction * c.size);
  const double room = c.size - side;
  // Start and end anywhere in the image: the window moves in any direction.
  const double x0 = rng.uniform(0, room), y0 = rng.uniform(0, room);
  const double x1 = rng.uniform(0, room), y1 = rng.uniform(0, room);
  p.geometry.resize(p.frames);
  for (int t = 0; t < p.frames; ++t) {
    const double a = p.frames > 1 ? double(t) / (p.frames - 1) : 0.0;
    p.geometry[t] = windowToFrame(x0 + a * (x1 - x0), y0 + a * (y1 - y0), side, c.size);
  }
  p.parameters = {{"window", side}, {"start", {x0, y0}}, {"end", {x1, y1}}};
}

void drawZoom(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  const double small = draw(rng, c.params.zoom_small);
  const double large = draw(rng, c.params.zoom_large);
  p.reversed = rng.bernoulli(c.params.zoom_in_probability);  // zoom-in = zoom-out reversed
  // Fixed centre such that the largest window stays inside the image.
  const double half = 0.5 * large * c.size;
  const double cx = rng.uniform(half, c.size - half), cy = rng.uniform(half, c.size - half);
  p.geometry.resize(p.frames);
  for (int t = 0; t < p.frames; ++t) {
    double a = p.frames > 1 ? double(t) / (p.frames - 1) : 0.0;
    if (p.reversed) a = 1.0 - a;
    // Geometric schedule: a constant zoom factor per step, as a recursive zoom.
    const double side = c.size * small * std::pow(large / small, a);
    p.geometry[t] = windowToFrame(cx - side / 2, cy - side / 2, side, c.size);
  }
  p.parameters = {{"direction", p.reversed ? "in" : "out"},
                  {"small", small},
                  {"large", large},
                  {"center", {cx, cy}}};
}

void drawFade(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  p.reversed = rng.bernoulli(c.params.fade_in_probability);  // fade-in = fade-out reversed
  p.alpha.resize(p.frames);
  for (int t = 0; t < p.frames; ++t) {
    const double a = p.frames > 1 ? double(t) / (p.frames - 1) : 0.0;
    p.alpha[t] = p.reversed ? a : 1.0 - a;
  }
  p.parameters = {{"direction", p.reversed ? "in" : "out"}};
}

void drawAffine(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  const double angle = draw(rng, c.params.rotation_deg);
  const double tx = draw(rng, c.params.translate) * c.size;
  const double ty = draw(rng, c.params.translate) * c.size;
  const double s = draw(rng, c.params.scale);
  const double shear = draw(rng, c.params.shear_deg);
  const double cx = 0.5 * (c.size - 1), cy = cx;
  const double th = angle * kPi / 180.0, sh = std::tan(shear * kPi / 180.0);
  const cv::Matx33d rot(std::cos(th), -std::sin(th), 0, std::sin(th), std::cos(th), 0, 0, 0, 1);
  const cv::Matx33d shr(1, sh, 0, 0, 1, 0, 0, 0, 1);
  const cv::Matx33d scl(s, 0, 0, 0, s, 0, 0, 0, 1);
  p.step = translation(cx + tx, cy + ty) * rot * shr * scl * translation(-cx, -cy);
  fillPowers(p);
  p.parameters = {
      {"rotation_deg", angle}, {"translate_px", {tx, ty}}, {"scale", s}, {"shear_deg", shear}};
}

void drawPerspective(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  // torchvision RandomPerspective: each corner moves inwards by up to d * half-size.
  const double n = c.size - 1.0;
  const double m = c.params.perspective_distortion * 0.5 * c.size;
  const cv::Point2f start[4] = {{0, 0}, {float(n), 0}, {float(n), float(n)}, {0, float(n)}};
  cv::Point2f end[4];
  const double sx[4] = {1, -1, -1, 1}, sy[4] = {1, 1, -1, -1};
  nlohmann::json corners = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) {
    const double dx = rng.uniform(0, m), dy = rng.uniform(0, m);
    end[i] = {float(start[i].x + sx[i] * dx), float(start[i].y + sy[i] * dy)};
    corners.push_back({end[i].x, end[i].y});
  }
  cv::Mat h = cv::getPerspectiveTransform(start, end);
  p.step = cv::Matx33d(h);
  fillPowers(p);
  p.parameters = {{"distortion", c.params.perspective_distortion}, {"end_corners", corners}};
}

void drawColorJitter(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  JitterStep& j = p.jitter;
  j.brightness = 1.0 + drawSigned(rng, c.params.brightness);
  j.contrast = 1.0 + drawSigned(rng, c.params.contrast);
  j.saturation = 1.0 + drawSigned(rng, c.params.saturation);
  j.hue = drawSigned(rng, c.params.hue);
  for (int i = 3; i > 0; --i) std::swap(j.order[i], j.order[rng.uniformInt(0, i)]);
  p.parameters = {{"brightness", j.brightness},
                  {"contrast", j.contrast},
                  {"saturation", j.saturation},
                  {"hue", j.hue},
                  {"order", {j.order[0], j.order[1], j.order[2], j.order[3]}}};
}

void drawCutMix(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  const int side = int(std::lround(c.params.window_fraction * c.size));
  const int room = c.size - side;
  p.cutmix_patch = cv::Rect(int(rng.uniformInt(0, room)), int(rng.uniformInt(0, room)), side, side);
  const double x0 = rng.uniform(0, room), y0 = rng.uniform(0, room);
  const double x1 = rng.uniform(0, room), y1 = rng.uniform(0, room);
  p.cutmix_position.resize(p.frames);
  for (int t = 0; t < p.frames; ++t) {
    const double a = p.frames > 1 ? double(t) / (p.frames - 1) : 0.0;
    p.cutmix_position[t] = {int(std::lround(x0 + a * (x1 - x0))),
                            int(std::lround(y0 + a * (y1 - y0)))};
  }
  p.parameters = {{"patch", {p.cutmix_patch.x, p.cutmix_patch.y, side}},
                  {"start", {x0, y0}},
                  {"end", {x1, y1}}};
}

}  // namespace

MotionProgram drawMotionProgram(const PmgConfig& config, TransformKind kind, Rng& rng);

namespace {

void drawObjects(const PmgConfig& c, Rng& rng, MotionProgram& p) {
  const ObjectParams& o = c.params.objects;
  p.objects = std::make_shared<ObjectScene>(drawObjectScene(o, c.frames, c.size, rng));
  p.parameters = describe(*p.objects);
  if (o.background == ObjectBackground::Source && o.camera != "none") {
    p.camera =
        std::make_shared<MotionProgram>(drawMotionProgram(c, parseTransformName(o.camera), rng));
    p.parameters["camera"] = {{"transform", o.camera}, {"parameters", p.camera->parameters}};
  }
}

}  // namespace

MotionProgram drawMotionProgram(const PmgConfig& config, TransformKind kind, Rng& rng) {
  MotionProgram p;
  p.kind = kind;
  p.mode = config.mode;
  p.frames = config.frames;
  p.size = config.size;
  p.geometry.assign(p.frames, cv::Matx33d::eye());
  p.alpha.assign(p.frames, 1.0);
  switch (kind) {
    case TransformKind::Identity:
      p.parameters = nlohmann::json::object();
      break;
    case TransformKind::SlidingWindow:
      drawSlidingWindow(config, rng, p);
      break;
    case TransformKind::Zoom:
      drawZoom(config, rng, p);
      break;
    case TransformKind::Fade:
      drawFade(config, rng, p);
      break;
    case TransformKind::Affine:
      drawAffine(config, rng, p);
      break;
    case TransformKind::Perspective:
      drawPerspective(config, rng, p);
      break;
    case TransformKind::ColorJitter:
      drawColorJitter(config, rng, p);
      break;
    case TransformKind::CutMix:
      drawCutMix(config, rng, p);
      break;
    case TransformKind::Objects:
      drawObjects(config, rng, p);
      break;
  }
  return p;
}

MotionProgram drawMotionProgram(const PmgConfig& config, Rng& rng) {
  double total = 0.0;
  for (const auto& t : config.transforms) total += t.weight;
  double u = rng.uniform() * total;
  TransformKind kind = config.transforms.back().kind;
  for (const auto& t : config.transforms) {
    if (u < t.weight) {
      kind = t.kind;
      break;
    }
    u -= t.weight;
  }
  return drawMotionProgram(config, kind, rng);
}

}  // namespace motion
}  // namespace pmg
