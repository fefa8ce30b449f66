#include "pmg/datasets/motion_dataset.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"
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

}  // namespace

const std::vector<std::string>& motionClassNames() {
  // Ordered so that the first K classes are as different as possible.
  static const std::vector<std::string> names = {
      "move_right",     "rotate_cw",    "zoom_in",        "oscillate", "move_left",
      "rotate_ccw",     "zoom_out",     "move_up",        "move_down", "move_up_right",
      "move_down_left", "move_up_left", "move_down_right"};
  return names;
}

Clip motionClip(int label, uint64_t seed, long index, int frames, int size) {
  if (label < 0 || label >= int(motionClassNames().size()))
    throw std::invalid_argument("motion class out of range");
  Rng rng(streamSeed(seed, Stream::MotionDataset), uint64_t(label) * 1000003ULL + uint64_t(index));
  const cv::Mat background = texture(rng, size);
  const int side = int(size * rng.uniform(0.3, 0.45));
  const cv::Mat object = texture(rng, side), mask = objectMask(rng, side);
  const double speed =
      size * rng.uniform(0.025, 0.04);        // pixels per frame: clearly visible at 32 px
  const double spin = rng.uniform(3.0, 7.0);  // degrees per frame
  const double cx0 = size * rng.uniform(0.35, 0.65), cy0 = size * rng.uniform(0.35, 0.65);
  const double phase = rng.uniform(0, 2 * kPi);
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
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(side / 2.f, side / 2.f), angle, scale);
    m.at<double>(0, 2) += cx - side / 2.0;
    m.at<double>(1, 2) += cy - side / 2.0;
    cv::Mat warped, warped_mask;
    cv::warpAffine(object, warped, m, cv::Size(size, size), cv::INTER_LINEAR);
    cv::warpAffine(mask, warped_mask, m, cv::Size(size, size), cv::INTER_LINEAR);
    cv::Mat frame = clip.frame(t);
    background.copyTo(frame);
    warped.copyTo(frame, warped_mask > 127);
  }
  return clip;
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

long writeMotionDataset(const MotionDatasetOptions& o) {
  namespace fs = std::filesystem;
  const auto& names = motionClassNames();
  validateMotionDataset(o);
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
      writeClipMp4(o.out + "/" + rel, motionClip(c, o.seed, i, o.frames, o.size));
      (is_test ? test : train) << rel << " " << c << "\n";
      ++written;
    }
  }
  return written;
}

}  // namespace datasets
}  // namespace pmg
