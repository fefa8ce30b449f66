// `pmg bench pmg|render`: throughput measurements with a baseline in the same run.
#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#if PMG_HAVE_OPENCV_IO
#include <opencv2/imgcodecs.hpp>
#endif
#include <opencv2/imgproc.hpp>
#include <thread>

#include "commands.h"
#include "pmg/base/parallel.h"
#include "pmg/base/timing.h"
#include "pmg/media/png_writer.h"
#include "pmg/motion/batch_mix.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/motion/rasterizer.h"
#include "pmg/render/egl_context.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_library.h"

namespace pmg::cli {

namespace {

/// Straightforward per-frame PMG: float conversion, full perspective warp of each
/// frame from the source with its composed matrix, conversion back (the shape of a
/// per-frame torchvision pipeline).
Clip naiveRasterize(const MotionProgram& p, const cv::Mat& src) {
  Clip clip(p.frames, p.size, p.size);
  cv::Mat f, warped;
  for (int t = 0; t < p.frames; ++t) {
    src.convertTo(f, CV_32FC3, 1.0 / 255.0);
    cv::warpPerspective(f, warped, cv::Mat(p.geometry[t]), cv::Size(p.size, p.size),
                        cv::INTER_LINEAR);
    cv::Mat dst = clip.frame(t);
    warped.convertTo(dst, CV_8UC3, 255.0);
  }
  return clip;
}

/// Clips/s of `make(i)` over `clips` clips on `threads` threads, median of `repeats`.
double clipsPerSecond(long clips, int repeats, int threads, const std::function<void(long)>& make) {
  std::vector<double> rates;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    parallelFor(clips, threads, make);
    rates.push_back(double(clips) / secondsSince(t0));
  }
  return median(rates);
}

/// Medians of clips/s of `a` and `b` on one thread, their repeats alternating (a, b, a, b, ...)
/// so that the machine's drift hits both alike.
std::pair<double, double> alternating(long clips, int repeats, const std::function<void(long)>& a,
                                      const std::function<void(long)>& b) {
  std::vector<double> ra, rb;
  for (int r = 0; r < repeats; ++r) {
    ra.push_back(clipsPerSecond(clips, 1, 1, a));
    rb.push_back(clipsPerSecond(clips, 1, 1, b));
  }
  return {median(ra), median(rb)};
}

int benchPmg(long clips, int repeats, int max_threads) {
  cv::setNumThreads(1);
  cv::Mat image(256, 256, CV_8UC3);
  cv::randu(image, 0, 255);
  cv::GaussianBlur(image, image, cv::Size(0, 0), 2.0);
  const cv::Mat src = canonicalSquare(image, 224);
  cv::Mat other;
  cv::flip(src, other, 1);
  auto row = [](const std::string& name, double rate) {
    std::printf("  %-28s %8.1f clips/s/core  %6.2f ms/clip\n", name.c_str(), rate, 1000.0 / rate);
  };
  std::printf("PMG clip generation, 16x224x224, 1 thread, median of %d x %ld clips\n", repeats,
              clips);
  // One clip = draw the program from (seed, index) + rasterize, as in training (no statistics).
  auto generate = [&](const PmgConfig& c, long i, WarpEngine engine = WarpEngine::FixedPoint) {
    Rng rng(7, uint64_t(i));
    return rasterize(drawMotionProgram(c, rng), src, other, engine);
  };
  auto vsOpenCv = [](double ours, double theirs) {
    std::printf("  %-28s %8.1f clips/s/core  %6.2f ms/clip  (%.2fx)\n", "  before (earlier path)",
                theirs, 1000.0 / theirs, ours / theirs);
  };
  for (auto k : allTransforms()) {
    const PmgConfig c = presetConfig(transformName(k));
    if (k == TransformKind::Affine || k == TransformKind::Perspective || k == TransformKind::Zoom ||
        k == TransformKind::SlidingWindow) {
      const auto [ours, theirs] = alternating(
          clips, repeats, [&](long i) { generate(c, i); },
          [&](long i) { generate(c, i, WarpEngine::OpenCv); });
      row(transformName(k), ours);
      vsOpenCv(ours, theirs);
      continue;
    }
    row(transformName(k), clipsPerSecond(clips, repeats, 1, [&](long i) { generate(c, i); }));
  }
  {  // the yardstick: 16 objects per clip
    PmgConfig c = presetConfig("objects");
    c.params.objects.count_min = c.params.objects.count_max = 16;
    row("objects, K = 16", clipsPerSecond(clips, repeats, 1, [&](long i) { generate(c, i); }));
  }
  const PmgConfig best = presetConfig("paper-best");
  const auto [plain, plain_cv] = alternating(
      clips, repeats, [&](long i) { generate(best, i); },
      [&](long i) { generate(best, i, WarpEngine::OpenCv); });
  row("paper-best (zoom+affine)", plain);
  vsOpenCv(plain, plain_cv);
  // With mixup: two clips generated and blended per output clip.
  auto mixedWith = [&](WarpEngine engine) {
    return [&, engine](long i) {
      std::vector<Clip> pair;  // moved in, as the training loader does (no copies)
      pair.push_back(generate(best, 2 * i, engine));
      pair.push_back(generate(best, 2 * i + 1, engine));
      Rng rng(9, uint64_t(i));
      videoMixup(pair, best.mix_alpha, 1.0, rng,
                 engine == WarpEngine::FixedPoint ? SimdLevel::Auto : SimdLevel::Baseline);
    };
  };
  const std::function<void(long)> mixed = mixedWith(WarpEngine::FixedPoint);
  const auto [with_mixup, with_mixup_cv] =
      alternating(clips, repeats, mixed, mixedWith(WarpEngine::OpenCv));
  row("paper-best + mixup", with_mixup);
  vsOpenCv(with_mixup, with_mixup_cv);
  const double naive = clipsPerSecond(clips, repeats, 1, [&](long i) {
    Rng rng(7, uint64_t(i));
    naiveRasterize(drawMotionProgram(best, rng), src);
  });
  row("naive per-frame float (best)", naive);
  std::printf("  speed-up of paper-best over the naive per-frame pipeline: %.1fx\n", plain / naive);
  std::printf("Thread scaling, paper-best + mixup:\n");
  const int hw = int(std::max(1u, std::thread::hardware_concurrency()));
  for (int t = 1; t <= std::max(1, max_threads > 0 ? max_threads : hw); t *= 2) {
    const double rate = clipsPerSecond(clips * t, repeats, t, mixed);
    std::printf("  %2d thread(s): %8.1f clips/s (%.2fx of 1 thread)\n", t, rate, rate / with_mixup);
  }
  // GUI preview: one clip from a new source image, statistics included.
  std::vector<double> ms;
  for (int r = 0; r < 20; ++r) {
    const auto t0 = Clock::now();
    generateClipFromImage(best, image, 3, r);
    ms.push_back(secondsSince(t0) * 1000.0);
  }
  std::printf("GUI preview: one clip incl. source resize and motion statistics: median %.2f ms\n",
              median(ms));
  return 0;
}

int benchRender(int size, int frames) {
  auto ctx = render::EglContext::create();
  std::printf("Shader images at %dx%d on %s, %d frames per shader (ms per image; medians)\n", size,
              size, ctx->renderer().c_str(), frames);
  std::printf("  %-18s %8s %9s %9s %9s %9s %11s %11s\n", "shader", "draw", "readback", "jpg q95",
              "png z1", "raw copy", "sync img/s", "PBO img/s");
  render::OffscreenRenderer r(size, size, 3);
  // Three complexities: fbm (cheap), kaliset folds (medium), sphere-traced SDF (heavy).
  for (const auto& id : {"fbm_clouds", "kaleido_kaliset", "sdf_spheres"}) {
    const auto& lib = render::builtinShaders();
    auto it = std::find_if(lib.begin(), lib.end(), [&](const auto& e) { return e.id == id; });
    if (it == lib.end()) continue;
    render::ShaderProgram p;
    if (!p.compile(it->source, it->common).ok) continue;
    render::ShaderInputs in;
    std::vector<double> draw, total, jpg, png, raw;
    std::vector<uchar> buf;
    for (int i = 0; i < frames; ++i) {
      in.time = 0.1f * float(i);
      const auto t0 = Clock::now();
      double draw_ms = 0;
      const cv::Mat img = r.render(p, in, &draw_ms);  // finished draw, then readback
      total.push_back(secondsSince(t0) * 1e3);
      draw.push_back(draw_ms);
      auto t1 = Clock::now();
#if PMG_HAVE_OPENCV_IO
      cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 95});
      jpg.push_back(secondsSince(t1) * 1e3);
      t1 = Clock::now();
      cv::imencode(".png", img, buf, {cv::IMWRITE_PNG_COMPRESSION, 1});
#else
      jpg.push_back(0.0);  // no JPEG encoder in this build
      t1 = Clock::now();
      encodePngRgb(img);
#endif
      png.push_back(secondsSince(t1) * 1e3);
      t1 = Clock::now();
      buf.assign(img.datastart, img.dataend);
      raw.push_back(secondsSince(t1) * 1e3);
    }
    const double readback = std::max(0.0, median(total) - median(draw));
    auto t0 = Clock::now();
    for (int i = 0; i < frames; ++i) {
      in.time = 0.1f * float(i);
      r.render(p, in);
    }
    const double sync = frames / secondsSince(t0);
    t0 = Clock::now();
    for (int i = 0; i < frames; ++i) {
      in.time = 0.1f * float(i);
      r.renderAsync(p, in, i);
    }
    while (r.collect()) {
    }
    const double async = frames / secondsSince(t0);
    std::printf("  %-18s %8.2f %9.2f %9.2f %9.2f %9.3f %11.0f %11.0f\n", id, median(draw), readback,
                median(jpg), median(png), median(raw), sync, async);
  }
  std::printf(
      "  (draw on llvmpipe = CPU time per rasterizer thread; raw = copy into a .npy shard "
      "buffer)\n");
  return 0;
}

}  // namespace

void registerBench(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("bench", "Benchmarks with an in-run baseline");
  cmd->require_subcommand(1);
  auto clips = std::make_shared<long>(64);
  auto repeats = std::make_shared<int>(5);
  auto threads = std::make_shared<int>(0);
  auto* pmg = cmd->add_subcommand(
      "pmg", "PMG clips/s: our rasterizer vs a straightforward per-frame float pipeline");
  pmg->add_option("--clips", *clips, "Clips per repeat")->capture_default_str();
  pmg->add_option("--repeats", *repeats, "Repeats (median reported)")->capture_default_str();
  pmg->add_option("--threads", *threads,
                  "Largest thread count of the scaling table (0 = all cores)")
      ->capture_default_str();
  pmg->callback([&action, clips, repeats, threads] {
    action = [=] { return benchPmg(*clips, *repeats, *threads); };
  });
  auto size = std::make_shared<int>(256);
  auto frames = std::make_shared<int>(100);
  auto* rend = cmd->add_subcommand("render", "Shader images/s: synchronous readback vs PBO ring");
  rend->add_option("--size", *size, "Image size")->capture_default_str();
  rend->add_option("--frames", *frames, "Frames per shader")->capture_default_str();
  rend->callback([&action, size, frames] { action = [=] { return benchRender(*size, *frames); }; });
#ifdef PMG_HAVE_TRAINING
  registerTrainBench(*cmd, action);
  registerDataBench(*cmd, action);
#endif
}

}  // namespace pmg::cli
