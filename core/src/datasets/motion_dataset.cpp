#include "pmg/datasets/motion_dataset.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"
#include "pmg/media/image_io.h"
#include "pmg/media/video_io.h"

namespace pmg {
inline namespace datasets {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Smooth coloured noise: random values blurred at a random scale, then a colour map.
cv::Mat texture(Rng& rng, int size) {
  cv::Mat noise(size, size, CV_32F);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) noise.at<float>(y, x) = float(rng.uniform());
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), rng.uniform(1.5, 8.0));
  cv::normalize(noise, noise, 0, 255, cv::NORM_MINMAX);
  cv::Mat u8, bgr, rgb;
  noise.convertTo(u8, CV_8U);
  const int maps[] = {cv::COLORMAP_OCEAN,  cv::COLORMAP_SUMMER, cv::COLORMAP_PINK,
                      cv::COLORMAP_BONE,   cv::COLORMAP_AUTUMN, cv::COLORMAP_WINTER,
                      cv::COLORMAP_SPRING, cv::COLORMAP_COOL};
  cv::applyColorMap(u8, bgr, maps[rng.uniformInt(0, 7)]);
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

/// A random convex-ish polygon mask centred in an object-sized square.
cv::Mat objectMask(Rng& rng, int side) {
  cv::Mat mask = cv::Mat::zeros(side, side, CV_8U);
  std::vector<cv::Point> pts;
  const int n = int(rng.uniformInt(3, 8));
  for (int i = 0; i < n; ++i) {
    const double a = 2 * kPi * (i + rng.uniform(-0.3, 0.3)) / n, r = side * rng.uniform(0.3, 0.48);
    pts.emplace_back(int(side / 2 + r * std::cos(a)), int(side / 2 + r * std::sin(a)));
  }
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
  return mask;
}

/// Pastes `object` (masked by `mask`, side x side) into `frame`, centred at (cx, cy), rotated by
/// `angle` degrees and scaled by `scale`.
void paste(cv::Mat& frame, const cv::Mat& object, const cv::Mat& mask, double cx, double cy,
           double angle, double scale) {
  const int side = object.cols, size = frame.cols;
  cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(side / 2.f, side / 2.f), angle, scale);
  m.at<double>(0, 2) += cx - side / 2.0;
  m.at<double>(1, 2) += cy - side / 2.0;
  cv::Mat warped, warped_mask;
  cv::warpAffine(object, warped, m, cv::Size(size, size), cv::INTER_LINEAR);
  cv::warpAffine(mask, warped_mask, m, cv::Size(size, size), cv::INTER_LINEAR);
  warped.copyTo(frame, warped_mask > 127);
}

/// A random square crop of `photo` with side `side` (enlarged first when it is smaller).
cv::Mat photoCrop(Rng& rng, const cv::Mat& photo, int side) {
  cv::Mat image = photo;
  const double grow = std::max(double(side) / photo.cols, double(side) / photo.rows);
  if (grow > 1.0)
    cv::resize(photo, image,
               cv::Size(std::max(side, int(std::ceil(photo.cols * grow))),
                        std::max(side, int(std::ceil(photo.rows * grow)))),
               0, 0, cv::INTER_LINEAR);
  const int x = int(rng.uniformInt(0, image.cols - side)),
            y = int(rng.uniformInt(0, image.rows - side));
  return image(cv::Rect(x, y, side, side)).clone();
}

/// A distractor: a smaller textured object with its own straight motion and spin.
struct Distractor {
  cv::Mat object, mask;
  double x, y, vx, vy, spin;
};

/// The scene of one clip: the camera's pan, the canvas it pans over, the distractors.
struct SceneDraw {
  bool active = false;
  cv::Mat canvas;  ///< background larger than the frame by `margin` on each side
  int margin = 0;
  double vx = 0, vy = 0;  ///< camera velocity, pixels per frame
  std::vector<Distractor> distractors;
};

SceneDraw drawScene(Rng& rng, const MotionScene& scene, int frames, int size) {
  SceneDraw d;
  d.active = scene.distractors > 0 || scene.camera_motion > 0 || !scene.backgrounds.empty();
  if (!d.active) return d;
  const double pan = scene.camera_motion * size;
  d.margin = int(std::ceil(pan * (frames - 1) / 2.0)) + 1;
  const int canvas = size + 2 * d.margin;
  d.canvas =
      scene.backgrounds.empty()
          ? texture(rng, canvas)
          : photoCrop(
                rng,
                scene.backgrounds[size_t(rng.uniformInt(0, long(scene.backgrounds.size()) - 1))],
                canvas);
  const double direction = rng.uniform(0, 2 * kPi), speed = pan * rng.uniform(0.5, 1.0);
  d.vx = speed * std::cos(direction);
  d.vy = speed * std::sin(direction);
  for (int k = 0; k < scene.distractors; ++k) {
    Distractor x;
    const int side = std::max(4, int(size * rng.uniform(0.12, 0.25)));
    x.object = texture(rng, side);
    x.mask = objectMask(rng, side);
    x.x = size * rng.uniform(0.15, 0.85);
    x.y = size * rng.uniform(0.15, 0.85);
    const double a = rng.uniform(0, 2 * kPi), v = size * rng.uniform(0.01, 0.04);
    x.vx = v * std::cos(a);
    x.vy = v * std::sin(a);
    x.spin = rng.uniform(-7.0, 7.0);
    d.distractors.push_back(std::move(x));
  }
  return d;
}

}  // namespace

const std::vector<std::string>& motionClassNames() {
  // Ordered so that the first K classes are as different as possible.
  static const std::vector<std::string> names = {
      "move_right",     "rotate_cw",    "zoom_in",        "oscillate", "move_left",
      "rotate_ccw",     "zoom_out",     "move_up",        "move_down", "move_up_right",
      "move_down_left", "move_up_left", "move_down_right"};
  return names;
}

Clip motionClip(int label, uint64_t seed, long index, int frames, int size,
                const MotionScene& scene) {
  if (label < 0 || label >= int(motionClassNames().size()))
    throw std::invalid_argument("motion class out of range");
  const uint64_t item = uint64_t(label) * 1000003ULL + uint64_t(index);
  Rng rng(streamSeed(seed, Stream::MotionDataset), item);
  const cv::Mat background = texture(rng, size);
  const int side = int(size * rng.uniform(0.3, 0.45));
  const cv::Mat object = texture(rng, side), mask = objectMask(rng, side);
  const double speed =
      size * rng.uniform(0.025, 0.04);        // pixels per frame: clearly visible at 32 px
  const double spin = rng.uniform(3.0, 7.0);  // degrees per frame
  const double cx0 = size * rng.uniform(0.35, 0.65), cy0 = size * rng.uniform(0.35, 0.65);
  const double phase = rng.uniform(0, 2 * kPi);
  Rng scene_rng(streamSeed(seed, Stream::MotionScene), item);
  const SceneDraw drawn = drawScene(scene_rng, scene, frames, size);
  Clip clip(frames, size, size);
  for (int t = 0; t < frames; ++t) {
    const double tc = t - (frames - 1) / 2.0;  // centred time: the object stays in view
    double cx = cx0, cy = cy0, angle = 0.0, scale = 1.0;
    const std::string& name = motionClassNames()[size_t(label)];
    if (name.rfind("move_", 0) == 0) {
      // Direction from the name: right/left on x, up/down on y (image y points down).
      const double dx = name.find("right") != std::string::npos  ? 1
                        : name.find("left") != std::string::npos ? -1
                                                                 : 0;
      const double dy = name.find("down") != std::string::npos ? 1
                        : name.find("up") != std::string::npos ? -1
                                                               : 0;
      const double norm = std::hypot(dx, dy);
      cx += dx / norm * speed * tc;
      cy += dy / norm * speed * tc;
    } else if (name == "rotate_cw" || name == "rotate_ccw") {
      angle = (name == "rotate_cw" ? -1 : 1) * spin * t;
    } else if (name == "zoom_in" || name == "zoom_out") {
      scale = std::pow(1.07, name == "zoom_in" ? tc : -tc);
    } else {
      cx += 0.2 * size * std::sin(phase + 2 * kPi * t / 8.0);
    }
    cv::Mat frame = clip.frame(t);
    if (!drawn.active) {
      background.copyTo(frame);
    } else {
      // The camera pans over the canvas; everything in the world moves against it.
      const double ox = drawn.vx * tc, oy = drawn.vy * tc;
      const cv::Mat shift =
          (cv::Mat_<double>(2, 3) << 1, 0, -(drawn.margin + ox), 0, 1, -(drawn.margin + oy));
      cv::warpAffine(drawn.canvas, frame, shift, cv::Size(size, size), cv::INTER_LINEAR,
                     cv::BORDER_REFLECT);
      for (const Distractor& d : drawn.distractors)
        paste(frame, d.object, d.mask, d.x + d.vx * tc - ox, d.y + d.vy * tc - oy, d.spin * t, 1.0);
      cx -= ox;
      cy -= oy;
    }
    paste(frame, object, mask, cx, cy, angle, scale);
  }
  return clip;
}

std::vector<cv::Mat> loadMotionBackgrounds(const std::string& folder, int short_side,
                                           std::vector<SkippedPath>* skipped) {
  const std::vector<std::string> files = listImageFiles(folder, skipped);
  std::vector<cv::Mat> images;
  const size_t n = files.size(), take = std::min<size_t>(n, kMaxMotionBackgrounds);
  for (size_t i = 0; i < take; ++i) {
    const std::string& path = files[i * n / take];  // spread evenly over the sorted list
    LoadedImage loaded = loadImageRgb(path);
    if (!loaded.ok()) {
      if (skipped) skipped->push_back({path, loaded.error});
      continue;
    }
    const double shrink = double(short_side) / std::min(loaded.rgb.cols, loaded.rgb.rows);
    if (shrink < 1.0)
      cv::resize(loaded.rgb, loaded.rgb, cv::Size(), shrink, shrink, cv::INTER_AREA);
    images.push_back(loaded.rgb);
  }
  if (images.empty())
    throw ConfigError("backgrounds: no readable image in " + folder + " (" + std::to_string(n) +
                      " image files listed)");
  return images;
}

const std::vector<MotionDatasetField>& motionDatasetFields() {
  using M = MotionDatasetOptions;
  static const std::vector<MotionDatasetField> fields = {
      {"classes", "--classes", 2, 13, &M::classes, "Motion classes (the first K of 13)"},
      {"per_class", "--per-class", 2, 1000000, &M::per_class,
       "Videos per class (train + test; at least one of each)"},
      {"test_fraction", "--test-fraction", 0.05, 0.95, &M::test_fraction,
       "Share of each class in the test split"},
      {"frames", "--frames", 2, 256, &M::frames, "Frames per video"},
      {"size", "--size", 16, 1024, &M::size, "Frame size (pixels)"},
      {"distractors", "--distractors", 0, 8, &M::distractors,
       "Other objects in each clip, each with its own random motion"},
      {"camera_motion", "--camera-motion", 0, 0.05, &M::camera_motion,
       "Camera pan per frame, as a share of the frame size (random direction per clip)"},
  };
  return fields;
}

void validateMotionDataset(const MotionDatasetOptions& o) {
  for (const MotionDatasetField& f : motionDatasetFields()) {
    const double v = f.value(o);
    if (!(v >= f.lo && v <= f.hi))
      throw ConfigError(
          fmt::format("{} must be between {:g} and {:g}, got {:g}", f.flag, f.lo, f.hi, v));
  }
  const double bytes = double(o.classes) * o.per_class * o.frames * double(o.size) * o.size * 3;
  if (bytes > kMaxMotionDatasetBytes)
    throw ConfigError("a motion dataset of " + std::to_string(o.classes) + " classes x " +
                      std::to_string(o.per_class) + " videos x " + std::to_string(o.frames) +
                      " frames of " + std::to_string(o.size) + "^2 is " +
                      std::to_string(long(bytes / (1 << 30))) + " GiB of frames; the limit is " +
                      std::to_string(long(kMaxMotionDatasetBytes / (1 << 30))) +
                      " GiB (fewer --per-class, --frames or a smaller --size)");
}

long writeMotionDataset(const MotionDatasetOptions& o, std::vector<SkippedPath>* skipped) {
  namespace fs = std::filesystem;
  const auto& names = motionClassNames();
  validateMotionDataset(o);
  MotionScene scene;
  scene.distractors = o.distractors;
  scene.camera_motion = o.camera_motion;
  if (!o.backgrounds.empty())  // read (and refused) before anything is written
    scene.backgrounds = loadMotionBackgrounds(o.backgrounds, 2 * o.size, skipped);
  fs::create_directories(o.out);
  std::ofstream classes(o.out + "/classes.txt"), train(o.out + "/trainlist.txt"),
      test(o.out + "/testlist.txt");
  const int n_test = std::max(1, int(std::lround(o.per_class * o.test_fraction)));
  long written = 0;
  for (int c = 0; c < o.classes; ++c) {
    classes << c << " " << names[size_t(c)] << "\n";
    for (int i = 0; i < o.per_class; ++i) {
      const bool is_test = i >= o.per_class - n_test;
      const std::string split = is_test ? "test" : "train";
      const std::string rel = split + "/" + names[size_t(c)] + "/" + names[size_t(c)] + "_" +
                              std::to_string(i) + ".mp4";
      fs::create_directories(fs::path(o.out + "/" + rel).parent_path());
      writeClipMp4(o.out + "/" + rel, motionClip(c, o.seed, i, o.frames, o.size, scene));
      (is_test ? test : train) << rel << " " << c << "\n";
      ++written;
    }
  }
  return written;
}

}  // namespace datasets
}  // namespace pmg
