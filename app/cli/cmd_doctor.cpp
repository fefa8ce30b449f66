// `pmg doctor`: reports every dependency the workbench needs and whether it works.
#include <iostream>
#include <opencv2/core.hpp>
#if PMG_HAVE_OPENCV_IO
#include <opencv2/videoio/registry.hpp>
#endif
#include <string>
#include <vector>

#include "commands.h"
#include "pmg/render/egl_context.h"
#ifdef PMG_HAVE_TRAINING
#include "pmg/training/model/torch_info.h"
#endif

namespace pmg::cli {

namespace {

int runDoctor() {
  std::vector<std::string> problems;
  auto row = [](const std::string& key, const std::string& value) {
    std::cout << "  " << key << std::string(key.size() < 22 ? 22 - key.size() : 1, ' ') << value
              << "\n";
  };
  std::cout << "PMG Workbench doctor\n";
#ifdef PMG_HAVE_TRAINING
  try {
    const auto t = training::torchInfo();
    row("LibTorch", t.version);
    row("CUDA", t.cuda_available ? "available, " + std::to_string(t.gpus.size()) + " GPU(s)"
                                 : "not available (CPU build or no GPU)");
    for (size_t i = 0; i < t.gpus.size(); ++i) row("  GPU " + std::to_string(i), t.gpus[i]);
    row("BLAS", t.blas + ", " + std::to_string(t.threads) + " intra-op thread(s)");
    if (t.blas.find("reference") != std::string::npos) {
      problems.push_back(
          "LibTorch uses the reference BLAS (~18x slower): install libopenblas0-openmp "
          "(scripts/install-deps.sh)");
    }
  } catch (const std::exception& e) {
    problems.push_back(std::string("LibTorch does not work: ") + e.what());
  }
#else
  row("LibTorch", "not built (PMG_BUILD_TRAINING=OFF)");
#endif
  row("OpenCV", CV_VERSION);
#if PMG_HAVE_OPENCV_IO
  std::string backends;
  bool ffmpeg = false;
  for (auto b : cv::videoio_registry::getWriterBackends()) {
    const std::string name = cv::videoio_registry::getBackendName(b);
    backends += (backends.empty() ? "" : ", ") + name;
    ffmpeg = ffmpeg || name == "FFMPEG" || name == "GSTREAMER";
  }
  row("Video backends", backends.empty() ? "none" : backends);
  if (!ffmpeg)
    problems.push_back("OpenCV has no FFMPEG/GStreamer video backend: MP4 read/write will fail");
#else
  row("Video backends", "none: built with PMG_OPENCV_IO=OFF (core + imgproc only)");
#endif
  try {
    auto ctx = render::EglContext::create();
    row("GL (headless EGL)", ctx->vendor() + " | " + ctx->renderer() + " | " + ctx->version() +
                                 " [" + ctx->platform() + "]");
  } catch (const std::exception& e) {
    problems.push_back(std::string("headless OpenGL: ") + e.what());
    row("GL (headless EGL)", "FAILED");
  }
#ifdef PMG_QT_VERSION
  row("Qt (GUI)", PMG_QT_VERSION);
#else
  row("Qt (GUI)", "GUI not built (PMG_BUILD_GUI=OFF)");
#endif
  if (problems.empty()) {
    std::cout << "All parts work.\n";
    return 0;
  }
  for (const auto& p : problems) std::cerr << "problem: " << p << "\n";
  return 1;
}

}  // namespace

void registerDoctor(CLI::App& app, Action& action) {
  auto* cmd =
      app.add_subcommand("doctor", "Check LibTorch, CUDA, BLAS, OpenCV, headless GL and Qt");
  cmd->callback([&action] { action = runDoctor; });
}

}  // namespace pmg::cli
