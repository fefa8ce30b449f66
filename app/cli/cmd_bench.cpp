// `pmg bench pmg|render`: throughput measurements with a baseline in the same run.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <opencv2/imgproc.hpp>

#include "commands.h"
#include "pmg/clip_generator.h"
#include "pmg/parallel.h"
#include "pmg/rasterizer.h"
#include "pmg/render/egl_context.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_library.h"

namespace pmg::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

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

int benchPmg(long clips, int repeats, const std::string& preset) {
  cv::setNumThreads(1);
  cv::Mat image(256, 256, CV_8UC3);
  cv::randu(image, 0, 255);
  cv::GaussianBlur(image, image, cv::Size(0, 0), 2.0);
  PmgConfig config = presetConfig(preset);
  const cv::Mat src = canonicalSquare(image, config.size);
  std::vector<MotionProgram> programs;
  for (long i = 0; i < clips; ++i) {
    Rng rng(1, uint64_t(i));
    programs.push_back(drawMotionProgram(config, rng));
  }
  auto run = [&](const char* name, auto&& fn) {
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
      const auto t0 = Clock::now();
      for (const auto& p : programs) fn(p);
      rates.push_back(double(clips) / seconds(t0));
    }
    const double m = median(rates);
    std::cout << "  " << name
              << std::string(30 - std::min<size_t>(29, std::string(name).size()), ' ') << m
              << " clips/s/core (" << 1000.0 / m << " ms/clip)\n";
    return m;
  };
  std::cout << "PMG throughput, preset " << preset << ", " << config.frames << "x" << config.size
            << "x" << config.size << ", 1 thread, median of " << repeats << " x " << clips
            << " clips\n";
  const double naive =
      run("naive per-frame float", [&](const MotionProgram& p) { naiveRasterize(p, src); });
  MotionProgram copy;
  const double recursive =
      run("pmg recursive (uint8)", [&](const MotionProgram& p) { rasterize(p, src); });
  const double composed = run("pmg composed (uint8)", [&](const MotionProgram& p) {
    copy = p;
    copy.mode = RecursionMode::Composed;
    rasterize(copy, src);
  });
  std::cout << "  speed-up vs naive: recursive " << recursive / naive << "x, composed "
            << composed / naive << "x\n";
  return 0;
}

int benchRender(int size, int frames) {
  auto ctx = render::EglContext::create();
  std::cout << "Shader rendering on " << ctx->renderer() << ", " << size << "x" << size << ", "
            << frames << " frames per shader\n";
  render::OffscreenRenderer r(size, size, 3);
  for (const auto& id : {"fbm_clouds", "kaleido_kaliset", "sdf_spheres"}) {
    const auto& lib = render::builtinShaders();
    auto it = std::find_if(lib.begin(), lib.end(), [&](const auto& e) { return e.id == id; });
    if (it == lib.end()) continue;
    render::ShaderProgram p;
    if (!p.compile(it->source, it->common).ok) continue;
    render::ShaderInputs in;
    auto t0 = Clock::now();
    for (int i = 0; i < frames; ++i) {
      in.time = 0.1f * float(i);
      r.render(p, in);
    }
    const double sync = frames / seconds(t0);
    t0 = Clock::now();
    for (int i = 0; i < frames; ++i) {
      in.time = 0.1f * float(i);
      r.renderAsync(p, in, i);
    }
    while (r.collect()) {
    }
    const double async = frames / seconds(t0);
    std::cout << "  " << id << ": sync readback " << sync << " img/s, PBO ring " << async
              << " img/s\n";
  }
  return 0;
}

}  // namespace

void registerBench(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("bench", "Benchmarks with an in-run baseline");
  cmd->require_subcommand(1);
  auto clips = std::make_shared<long>(64);
  auto repeats = std::make_shared<int>(5);
  auto preset = std::make_shared<std::string>("paper-best");
  auto* pmg = cmd->add_subcommand(
      "pmg", "PMG clips/s: our rasterizer vs a straightforward per-frame float pipeline");
  pmg->add_option("--clips", *clips, "Clips per repeat")->capture_default_str();
  pmg->add_option("--repeats", *repeats, "Repeats (median reported)")->capture_default_str();
  pmg->add_option("--transform", *preset, "Preset or transform")->capture_default_str();
  pmg->callback([&action, clips, repeats, preset] {
    action = [=] { return benchPmg(*clips, *repeats, *preset); };
  });
  auto size = std::make_shared<int>(256);
  auto frames = std::make_shared<int>(100);
  auto* rend = cmd->add_subcommand("render", "Shader images/s: synchronous readback vs PBO ring");
  rend->add_option("--size", *size, "Image size")->capture_default_str();
  rend->add_option("--frames", *frames, "Frames per shader")->capture_default_str();
  rend->callback([&action, size, frames] { action = [=] { return benchRender(*size, *frames); }; });
#ifdef PMG_HAVE_TRAINING
  registerTrainBench(*cmd, action);
#endif
}

}  // namespace pmg::cli
