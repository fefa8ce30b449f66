#include "pmg/motion/motion_field.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace pmg {
inline namespace motion {

namespace {

cv::Point2d apply(const cv::Matx33d& m, double x, double y) {
  const double w = m(2, 0) * x + m(2, 1) * y + m(2, 2);
  return {(m(0, 0) * x + m(0, 1) * y + m(0, 2)) / w, (m(1, 0) * x + m(1, 1) * y + m(1, 2)) / w};
}

bool inside(const cv::Point2d& p, int size) {
  return p.x >= 0 && p.y >= 0 && p.x <= size - 1 && p.y <= size - 1;
}

/// The frame-to-frame maps of a geometric program: the content at p in frame t came from
/// source point G_t^-1 p and is at G_{t+1} G_t^-1 p in frame t + 1.
void geometricField(const std::vector<cv::Matx33d>& geometry, int size, MotionField& f) {
  for (int t = 0; t + 1 < f.frames; ++t) {
    const cv::Matx33d back = geometry[size_t(t)].inv(), next = geometry[size_t(t + 1)];
    cv::Mat flow = f.flowAt(t), vis = f.visibleAt(t);
    for (int gy = 0; gy < f.size; ++gy)
      for (int gx = 0; gx < f.size; ++gx) {
        const int x = gx * f.stride, y = gy * f.stride;
        const cv::Point2d s = apply(back, x, y), q = apply(next, s.x, s.y);
        flow.at<cv::Vec2f>(gy, gx) = cv::Vec2f(float(q.x - x), float(q.y - y));
        vis.at<uint8_t>(gy, gx) = inside(s, size) && inside(q, size) ? 1 : 0;
      }
  }
}

void cutMixField(const MotionProgram& p, MotionField& f) {
  const cv::Size side = p.cutmix_patch.size();
  for (int t = 0; t + 1 < f.frames; ++t) {
    const cv::Rect now(p.cutmix_position[size_t(t)], side);
    const cv::Rect next(p.cutmix_position[size_t(t + 1)], side);
    const cv::Point d = next.tl() - now.tl();
    cv::Mat flow = f.flowAt(t), vis = f.visibleAt(t);
    for (int gy = 0; gy < f.size; ++gy)
      for (int gx = 0; gx < f.size; ++gx) {
        const cv::Point at(gx * f.stride, gy * f.stride);
        const bool in_patch = now.contains(at);  // the patch moves and stays on top
        flow.at<cv::Vec2f>(gy, gx) = in_patch ? cv::Vec2f(float(d.x), float(d.y)) : cv::Vec2f();
        vis.at<uint8_t>(gy, gx) = in_patch || !next.contains(at) ? 1 : 0;
      }
  }
}

/// Which object is on top at each pixel of frame t before shake (0: background, k: object k-1).
cv::Mat objectIds(const ObjectScene& scene, int t, int size) {
  cv::Mat ids(size, size, CV_16U, cv::Scalar(0));
  std::vector<cv::Vec2i> spans;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    int first_row = 0;
    if (!objectSpans(scene.objects[k], t, size, first_row, spans)) continue;
    for (size_t r = 0; r < spans.size(); ++r) {  // the same pixels as paintObjects
      auto* row = ids.ptr<uint16_t>(first_row + int(r));
      std::fill(row + spans[r][0], row + spans[r][1], uint16_t(k + 1));
    }
  }
  return ids;
}

void objectsField(const MotionProgram& p, MotionField& f) {
  const ObjectScene& scene = *p.objects;
  const int size = p.size;
  auto shake = [&](int t) {
    return scene.shake.empty() ? cv::Point2d(0, 0) : scene.shake[size_t(t)];
  };
  cv::Mat ids_next = objectIds(scene, 0, size);
  for (int t = 0; t + 1 < f.frames; ++t) {
    const cv::Mat ids = ids_next;
    ids_next = objectIds(scene, t + 1, size);
    std::vector<cv::Matx33d> step(scene.objects.size());
    for (size_t k = 0; k < step.size(); ++k)
      step[k] = scene.objects[k].at(t + 1) * scene.objects[k].at(t).inv();
    cv::Matx33d camera_back = cv::Matx33d::eye(), camera_next = cv::Matx33d::eye();
    if (p.camera) {
      camera_back = p.camera->geometry[size_t(t)].inv();
      camera_next = p.camera->geometry[size_t(t + 1)];
    }
    const cv::Point2d d0 = shake(t), d1 = shake(t + 1);
    cv::Mat flow = f.flowAt(t), vis = f.visibleAt(t);
    for (int gy = 0; gy < f.size; ++gy)
      for (int gx = 0; gx < f.size; ++gx) {
        const int x = gx * f.stride, y = gy * f.stride;
        const cv::Point2d q(x - d0.x, y - d0.y);  // before the shake
        const int qx = int(std::lround(q.x)), qy = int(std::lround(q.y));
        const bool on_canvas = qx >= 0 && qy >= 0 && qx < size && qy < size;
        const int id = on_canvas ? ids.at<uint16_t>(qy, qx) : 0;
        cv::Point2d q1;
        bool ok = on_canvas;
        if (id > 0) {
          q1 = apply(step[size_t(id - 1)], q.x, q.y);
        } else {
          const cv::Point2d s = apply(camera_back, q.x, q.y);
          q1 = apply(camera_next, s.x, s.y);
          ok = ok && (!p.camera || inside(s, size));
        }
        const cv::Point2d p1(q1.x + d1.x, q1.y + d1.y);
        flow.at<cv::Vec2f>(gy, gx) = cv::Vec2f(float(p1.x - x), float(p1.y - y));
        const int nx = int(std::lround(q1.x)), ny = int(std::lround(q1.y));
        ok = ok && inside(p1, size) && nx >= 0 && ny >= 0 && nx < size && ny < size &&
             ids_next.at<uint16_t>(ny, nx) == id;  // still the same thing on top
        vis.at<uint8_t>(gy, gx) = ok ? 1 : 0;
      }
  }
}

}  // namespace

cv::Mat MotionField::flowAt(int t) {
  return cv::Mat(size, size, CV_32FC2, flow.data() + size_t(t) * size * size * 2);
}

cv::Mat MotionField::visibleAt(int t) {
  return cv::Mat(size, size, CV_8U, visible.data() + size_t(t) * size * size);
}

MotionField motionField(const MotionProgram& p, int stride) {
  if (stride < 1) throw std::invalid_argument("motionField: stride must be >= 1");
  MotionField f;
  f.frames = p.frames;
  f.stride = stride;
  f.size = (p.size + stride - 1) / stride;
  const size_t steps = size_t(std::max(0, p.frames - 1)), pixels = size_t(f.size) * f.size;
  f.flow.assign(steps * pixels * 2, 0.0f);
  f.visible.assign(steps * pixels, 1);
  switch (p.kind) {
    case TransformKind::SlidingWindow:
    case TransformKind::Zoom:
    case TransformKind::Affine:
    case TransformKind::Perspective:
      geometricField(p.geometry, p.size, f);
      break;
    case TransformKind::CutMix:
      cutMixField(p, f);
      break;
    case TransformKind::Objects:
      objectsField(p, f);
      break;
    default:  // identity, fade, colour jitter: nothing moves
      break;
  }
  return f;
}

cv::Mat warpBackAlongFlow(const Clip& clip, const MotionField& field, int t) {
  if (field.stride != 1) throw std::invalid_argument("warpBackAlongFlow: needs a stride-1 field");
  cv::Mat map = field.flowAt(t).clone();
  for (int y = 0; y < map.rows; ++y)
    for (int x = 0; x < map.cols; ++x) map.at<cv::Vec2f>(y, x) += cv::Vec2f(float(x), float(y));
  cv::Mat out;
  cv::remap(clip.frame(t + 1), out, map, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  return out;
}

cv::Mat flowColors(const MotionField& field, int t, double max_speed) {
  const cv::Mat flow = field.flowAt(t), vis = field.visibleAt(t);
  std::vector<cv::Mat> xy;
  cv::split(flow, xy);
  cv::Mat magnitude, angle;
  cv::cartToPolar(xy[0], xy[1], magnitude, angle, true);  // degrees
  if (max_speed <= 0) cv::minMaxLoc(magnitude, nullptr, &max_speed);
  max_speed = std::max(max_speed, 1e-6);
  cv::Mat hsv(flow.size(), CV_32FC3);
  for (int y = 0; y < flow.rows; ++y)
    for (int x = 0; x < flow.cols; ++x) {
      const float s = float(std::min(1.0, magnitude.at<float>(y, x) / max_speed));
      const float v = vis.at<uint8_t>(y, x) ? 1.0f : 0.25f;
      hsv.at<cv::Vec3f>(y, x) = cv::Vec3f(angle.at<float>(y, x), s, v);
    }
  cv::Mat rgb, out;
  cv::cvtColor(hsv, rgb, cv::COLOR_HSV2RGB);
  rgb.convertTo(out, CV_8UC3, 255.0);
  return out;
}

}  // namespace motion
}  // namespace pmg
