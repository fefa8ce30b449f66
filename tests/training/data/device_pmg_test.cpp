// The device rasterizer (LibTorch ops, here on CPU) against the CPU rasterizer: same programs,
// same sources, PSNR per transform and recursion mode.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <opencv2/imgproc.hpp>

#include "data/clip_batch.h"
#include "data/device_pmg.h"
#include "pmg/base/rng.h"
#include "pmg/motion/batch_mix.h"
#include "pmg/motion/rasterizer.h"
#include "pmg/training/data/clip_loader.h"

using namespace pmg;
using namespace pmg::training;

namespace {

/// A smooth, structured source image (gradients, discs, blur), like a rendered shader.
cv::Mat sourceImage(int size, int variant) {
  cv::Mat img(size, size, CV_8UC3);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((x * 255) / size), uchar((y * 255) / size),
                                          uchar(((x + y + variant * 40) * 3) % 256));
  for (int i = 0; i < 8; ++i)
    cv::circle(img, cv::Point((37 * i + 11 * variant) % size, (53 * i + 5) % size), 4 + i,
               cv::Scalar(255 - 20 * i, 30 * i % 255, 128), -1);
  cv::GaussianBlur(img, img, cv::Size(0, 0), 1.0);
  return img;
}

torch::Tensor asTensor(const std::vector<cv::Mat>& images) {
  const int size = images.front().rows;
  auto t = torch::empty({int64_t(images.size()), size, size, 3}, torch::kUInt8);
  for (size_t i = 0; i < images.size(); ++i)
    std::memcpy(t[int64_t(i)].data_ptr<uint8_t>(), images[i].data, size_t(size) * size * 3);
  return t;
}

/// The CPU clip as (T, 3, H, W) float, to compare with the device's output.
torch::Tensor asFrames(const Clip& c) {
  auto t = torch::from_blob(const_cast<uint8_t*>(c.data.data()), {c.frames, c.height, c.width, 3},
                            torch::kUInt8);
  return t.permute({0, 3, 1, 2}).to(torch::kFloat32);
}

double psnr(const torch::Tensor& a, const torch::Tensor& b) {
  const double mse = (a - b).pow(2).mean().item<double>();
  return mse == 0.0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

struct Case {
  TransformKind kind;
  RecursionMode mode;
  double min_psnr;  // bilinear in float against 1/128 px fixed point; jitter in float vs OpenCV
};

}  // namespace

TEST(DevicePmg, EveryTransformMatchesTheCpuRasterizerInBothRecursionModes) {
  torch::NoGradGuard no_grad;
  const int size = 64, batch = 4;
  std::vector<cv::Mat> images, donors;
  for (int i = 0; i < batch; ++i) {
    images.push_back(sourceImage(size, i));
    donors.push_back(sourceImage(size, i + 7));
  }
  const auto sources = asTensor(images), seconds = asTensor(donors);
  const std::vector<Case> cases = {
      {TransformKind::Identity, RecursionMode::Recursive, 99.0},
      {TransformKind::SlidingWindow, RecursionMode::Recursive, 50.0},
      {TransformKind::Zoom, RecursionMode::Recursive, 50.0},
      {TransformKind::Affine, RecursionMode::Recursive, 45.0},
      {TransformKind::Affine, RecursionMode::Composed, 50.0},
      {TransformKind::Perspective, RecursionMode::Recursive, 45.0},
      {TransformKind::Perspective, RecursionMode::Composed, 50.0},
      {TransformKind::Fade, RecursionMode::Recursive, 45.0},
      {TransformKind::Fade, RecursionMode::Composed, 45.0},
      {TransformKind::ColorJitter, RecursionMode::Recursive, 50.0},
      {TransformKind::ColorJitter, RecursionMode::Composed, 50.0},
      {TransformKind::CutMix, RecursionMode::Recursive, 99.0},
  };
  for (const auto& c : cases) {
    PmgConfig config = presetConfig(transformName(c.kind));
    config.mode = c.mode;
    config.frames = 8;
    config.size = size;
    std::vector<MotionProgram> programs;
    for (int i = 0; i < batch; ++i) {
      Rng rng(5, uint64_t(i));
      programs.push_back(drawMotionProgram(config, c.kind, rng));
    }
    const auto device = rasterizeOnDevice(programs, sources, seconds);
    ASSERT_EQ(device.sizes(), torch::IntArrayRef({batch, 8, 3, size, size}));
    double lowest = 99.0;
    for (int i = 0; i < batch; ++i) {
      const Clip cpu = rasterize(programs[size_t(i)], images[size_t(i)], donors[size_t(i)]);
      const auto expected = asFrames(cpu);
      for (int t = 0; t < 8; ++t) {
        lowest = std::min(lowest, psnr(device[i][t], expected[t]));
        EXPECT_GE(psnr(device[i][t], expected[t]), c.min_psnr)
            << transformName(c.kind) << " " << recursionModeName(c.mode) << " clip " << i
            << " frame " << t;
      }
    }
    std::printf("  %-14s %-9s lowest frame PSNR %.1f dB (bound %.0f)\n",
                transformName(c.kind).c_str(), recursionModeName(c.mode).c_str(), lowest,
                c.min_psnr);
  }
}

TEST(DevicePmg, WarpedFramesActuallyMove) {
  // Guards the PSNR test against a rasterizer that returns the source: zoom frames differ.
  torch::NoGradGuard no_grad;
  PmgConfig config = presetConfig("zoom");
  config.frames = 8;
  config.size = 64;
  Rng rng(3, 0);
  const auto out = rasterizeOnDevice({drawMotionProgram(config, TransformKind::Zoom, rng)},
                                     asTensor({sourceImage(64, 1)}));
  EXPECT_LT(psnr(out[0][0], out[0][7]), 30.0);
}

TEST(DevicePmg, MixupWithTheCpuDecisionsMatchesTheCpuBlend) {
  torch::NoGradGuard no_grad;
  const int size = 32, batch = 6;
  PmgConfig config = presetConfig("paper-best");
  config.frames = 4;
  config.size = size;
  std::vector<MotionProgram> programs;
  std::vector<cv::Mat> images;
  std::vector<Clip> cpu;
  for (int i = 0; i < batch; ++i) {
    Rng rng(9, uint64_t(i));
    programs.push_back(drawMotionProgram(config, rng));
    images.push_back(sourceImage(size, i));
    cpu.push_back(rasterize(programs.back(), images.back()));
  }
  Rng a(17, 2), b(17, 2);
  const auto records = videoMixup(cpu, 0.4, 1.0, a);
  const auto drawn = drawVideoMixup(batch, 0.4, 1.0, b);
  ASSERT_EQ(records.size(), drawn.size());
  for (size_t i = 0; i < drawn.size(); ++i) {
    EXPECT_EQ(records[i].partner, drawn[i].partner);
    EXPECT_EQ(records[i].lambda, drawn[i].lambda);
  }
  const auto mixed = mixupOnDevice(rasterizeOnDevice(programs, asTensor(images)), drawn);
  for (int i = 0; i < batch; ++i) EXPECT_GE(psnr(mixed[i], asFrames(cpu[size_t(i)])), 38.0) << i;
  const auto input = deviceClipsToModelInput(mixed);
  EXPECT_EQ(input.sizes(), torch::IntArrayRef({batch, 3, 4, size, size}));
  EXPECT_LE(input.max().item<float>(), 1.0f);
}

TEST(DevicePmg, RejectsSourcesThatDoNotFitThePrograms) {
  PmgConfig config = presetConfig("zoom");
  config.size = 32;
  Rng rng(1, 0);
  const auto p = drawMotionProgram(config, rng);
  EXPECT_THROW(rasterizeOnDevice({p}, torch::zeros({1, 16, 16, 3}, torch::kUInt8)),
               std::invalid_argument);
  EXPECT_THROW(rasterizeOnDevice({p, p}, torch::zeros({1, 32, 32, 3}, torch::kUInt8)),
               std::invalid_argument);
  // Objects are painted on the CPU; the loader ships them finished.
  PmgConfig objects = presetConfig("objects");
  objects.size = 32;
  Rng orng(1, 1);
  const auto o = drawMotionProgram(objects, orng);
  ASSERT_FALSE(renderableOnDevice(o.kind));
  EXPECT_THROW(rasterizeOnDevice({o}, torch::zeros({1, 32, 32, 3}, torch::kUInt8)),
               std::invalid_argument);
}

namespace {

/// Structured images of varying size (the loader squares them), one per item.
class PatternSource : public ImageSource {
 public:
  long size() const override { return 5; }
  std::string itemName(long i) const override { return "pattern" + std::to_string(i); }
  std::string describe() const override { return "patterns"; }
  LoadedImage load(long i, Rng&) override {
    LoadedImage out;
    out.rgb = sourceImage(int(70 + 9 * i), int(i));
    return out;
  }
};

}  // namespace

TEST(DevicePmg, LoaderBatchesRenderedOnTheDeviceMatchTheCpuLoader) {
  // The same (seed, step) through both paths: the same programs, flips and mixing decisions,
  // so the only difference is the rasterizer's arithmetic.
  torch::NoGradGuard no_grad;
  PatternSource source;
  for (BatchMix mix : {BatchMix::None, BatchMix::Mixup, BatchMix::VideoMix}) {
    PmgConfig config = presetConfig("all");
    config.frames = 6;
    config.size = 48;
    config.batch_mix = mix;
    LoaderOptions cpu_options;
    cpu_options.batch = 6;
    cpu_options.workers = 0;
    LoaderOptions device_options = cpu_options;
    device_options.render_on_device = true;
    ClipLoader cpu(config, {{&source, {}, 1.0, "p"}}, 21, cpu_options);
    ClipLoader device(config, {{&source, {}, 1.0, "p"}}, 21, device_options);
    for (int step = 0; step < 3; ++step) {
      const auto expected = clipsToDevice(cpu.makeBatch(step), torch::kCPU);
      const auto batch = device.makeLoaderBatch(step);
      for (const auto& item : batch.items) EXPECT_TRUE(item.pending());
      const auto got = loaderBatchToDevice(batch, torch::kCPU);
      ASSERT_EQ(got.sizes(), expected.sizes());
      for (int i = 0; i < 6; ++i)
        EXPECT_GE(psnr(got[i] * 255.0, expected[i] * 255.0), 40.0)
            << "mix " << int(mix) << " step " << step << " clip " << i;
    }
    EXPECT_THROW(device.makeBatch(0), std::logic_error);
  }
}
