#include "pmg/motion/rasterizer.h"

#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "pmg/motion/axis_warp.h"
#include "pmg/motion/homography_warp.h"

namespace pmg {
inline namespace motion {

namespace {

bool isAffine(const cv::Matx33d& m) {
  return std::abs(m(2, 0)) < 1e-12 && std::abs(m(2, 1)) < 1e-12 && std::abs(m(2, 2) - 1.0) < 1e-12;
}

/// Warps `src` by the forward map `m` into `dst` (size x size), black outside.
void warp(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size, WarpEngine engine) {
  if (isAxisAligned(m)) {  // separable: faster still
    warpAxisAligned(src, dst, m, size,
                    engine == WarpEngine::FixedPoint ? SimdLevel::Auto : SimdLevel::Baseline);
  } else if (engine == WarpEngine::FixedPoint) {
    warpHomography(src, dst, m, size);
  } else if (isAffine(m)) {
    const cv::Matx23d a(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2));
    cv::warpAffine(src, dst, a, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  } else {
    cv::warpPerspective(src, dst, m, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  }
}

void grayscale(const cv::Mat& rgb, cv::Mat& gray) {
  // ITU-R 601 luma, as torchvision's rgb_to_grayscale.
  cv::transform(rgb, gray, cv::Matx13f(0.299f, 0.587f, 0.114f));
}

void blend(cv::Mat& img, const cv::Mat& other3, double factor) {
  // img = factor * img + (1 - factor) * other, clamped to [0, 1].
  cv::addWeighted(img, factor, other3, 1.0 - factor, 0.0, img);
  cv::min(cv::max(img, 0.0), 1.0, img);
}

void rasterizeWindowed(const MotionProgram& p, const cv::Mat& src, Clip& clip, WarpEngine engine) {
  for (int t = 0; t < p.frames; ++t) {
    cv::Mat dst = clip.frame(t);
    warp(src, dst, p.geometry[t], p.size, engine);
  }
}

void rasterizeGeometric(const MotionProgram& p, const cv::Mat& src, Clip& clip, WarpEngine engine) {
  src.copyTo(clip.frame(0));
  for (int t = 1; t < p.frames; ++t) {
    cv::Mat dst = clip.frame(t);
    if (p.mode == RecursionMode::Recursive) {
      warp(clip.frame(t - 1), dst, p.step, p.size, engine);
    } else {
      warp(src, dst, p.geometry[t], p.size, engine);
    }
  }
}

void rasterizeFade(const MotionProgram& p, const cv::Mat& src, Clip& clip) {
  if (p.mode == RecursionMode::Composed || p.reversed) {
    // Fade-in cannot be recursive from a black first frame: it is the fade-out reversed.
    for (int t = 0; t < p.frames; ++t) {
      cv::Mat dst = clip.frame(t);
      src.convertTo(dst, CV_8UC3, p.alpha[t]);
    }
    return;
  }
  src.copyTo(clip.frame(0));
  for (int t = 1; t < p.frames; ++t) {
    cv::Mat dst = clip.frame(t);
    const double ratio = p.alpha[t - 1] > 0 ? p.alpha[t] / p.alpha[t - 1] : 0.0;
    clip.frame(t - 1).convertTo(dst, CV_8UC3, ratio);
  }
}

void rasterizeJitter(const MotionProgram& p, const cv::Mat& src, Clip& clip) {
  src.copyTo(clip.frame(0));
  cv::Mat state;
  src.convertTo(state, CV_32FC3, 1.0 / 255.0);
  for (int t = 1; t < p.frames; ++t) {
    if (p.mode == RecursionMode::Recursive) {
      clip.frame(t - 1).convertTo(state, CV_32FC3, 1.0 / 255.0);  // quantised previous frame
    }
    applyJitter(p.jitter, state);
    cv::Mat dst = clip.frame(t);
    state.convertTo(dst, CV_8UC3, 255.0);
  }
}

void rasterizeCutMix(const MotionProgram& p, const cv::Mat& src, const cv::Mat& second,
                     Clip& clip) {
  cv::Mat donor = second;
  if (donor.empty()) cv::rotate(src, donor, cv::ROTATE_180);
  if (donor.size() != src.size() || donor.type() != src.type()) {
    throw std::invalid_argument("CutMix second image must match the source shape");
  }
  const cv::Mat patch = donor(p.cutmix_patch);
  for (int t = 0; t < p.frames; ++t) {
    cv::Mat dst = clip.frame(t);
    src.copyTo(dst);
    const cv::Point pos = p.cutmix_position[t];
    patch.copyTo(dst(cv::Rect(pos.x, pos.y, patch.cols, patch.rows)));
  }
}

void rasterizeObjects(const MotionProgram& p, const cv::Mat& src, const cv::Mat& second, Clip& clip,
                      WarpEngine engine) {
  // Textures come from the second image when there is one, so objects stand out from the
  // background; else from the source.
  const HomographySampler textures(second.empty() ? src : second);
  const ObjectScene& scene = *p.objects;
  if (p.camera) {
    clip = rasterize(*p.camera, src, cv::Mat(), engine);  // the background's own motion
  } else {
    for (int t = 0; t < p.frames; ++t) {
      cv::Mat f = clip.frame(t);
      if (scene.background == ObjectBackground::Source)
        src.copyTo(f);
      else if (scene.background == ObjectBackground::Color)
        f.setTo(cv::Scalar(scene.background_color[0], scene.background_color[1],
                           scene.background_color[2]));
      else
        f.setTo(cv::Scalar::all(0));
    }
  }
  cv::Mat shaken;
  for (int t = 0; t < p.frames; ++t) {
    cv::Mat f = clip.frame(t);
    paintObjects(scene, t, &textures, f);
    if (!scene.shake.empty()) {  // the whole picture moves with the camera
      const cv::Point2d d = scene.shake[size_t(t)];
      warpHomography(f, shaken, cv::Matx33d(1, 0, d.x, 0, 1, d.y, 0, 0, 1), p.size);
      shaken.copyTo(f);
    }
  }
}

}  // namespace

void applyJitter(const JitterStep& s, cv::Mat& img) {
  cv::Mat gray, gray3;
  for (int op : s.order) {
    switch (op) {
      case 0:
        img *= s.brightness;
        cv::min(img, 1.0, img);
        break;
      case 1: {
        grayscale(img, gray);
        const double mean = cv::mean(gray)[0];
        gray3 = cv::Mat(img.size(), img.type(), cv::Scalar::all(mean));
        blend(img, gray3, s.contrast);
        break;
      }
      case 2:
        grayscale(img, gray);
        cv::cvtColor(gray, gray3, cv::COLOR_GRAY2RGB);
        blend(img, gray3, s.saturation);
        break;
      case 3: {
        if (s.hue == 0.0) break;
        cv::Mat hsv;
        cv::cvtColor(img, hsv, cv::COLOR_RGB2HSV);  // H in [0, 360)
        std::vector<cv::Mat> ch;
        cv::split(hsv, ch);
        ch[0] += s.hue * 360.0;
        // wrap into [0, 360)
        cv::Mat over = ch[0] >= 360.0, under = ch[0] < 0.0;
        cv::subtract(ch[0], 360.0, ch[0], over);
        cv::add(ch[0], 360.0, ch[0], under);
        cv::merge(ch, hsv);
        cv::cvtColor(hsv, img, cv::COLOR_HSV2RGB);
        break;
      }
    }
  }
}

Clip rasterize(const MotionProgram& p, const cv::Mat& source, const cv::Mat& second,
               WarpEngine engine) {
  if (source.type() != CV_8UC3 || source.rows != p.size || source.cols != p.size) {
    throw std::invalid_argument("rasterize: source must be RGB uint8 of " + std::to_string(p.size) +
                                "x" + std::to_string(p.size));
  }
  Clip clip(p.frames, p.size, p.size);
  switch (p.kind) {
    case TransformKind::Identity:
      for (int t = 0; t < p.frames; ++t) source.copyTo(clip.frame(t));
      break;
    case TransformKind::SlidingWindow:
    case TransformKind::Zoom:
      rasterizeWindowed(p, source, clip, engine);
      break;
    case TransformKind::Affine:
    case TransformKind::Perspective:
      rasterizeGeometric(p, source, clip, engine);
      break;
    case TransformKind::Fade:
      rasterizeFade(p, source, clip);
      break;
    case TransformKind::ColorJitter:
      rasterizeJitter(p, source, clip);
      break;
    case TransformKind::CutMix:
      rasterizeCutMix(p, source, second, clip);
      break;
    case TransformKind::Objects:
      rasterizeObjects(p, source, second, clip, engine);
      break;
  }
  return clip;
}

}  // namespace motion
}  // namespace pmg
