// Acceptance filter for shader programs (Shaders21k-style curation): compiles,
// renders within a time budget, has structure, is not saturated, not noise, moves.
#pragma once
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_library.h"

namespace pmg::render {

/// Thresholds of the filter.
struct FilterOptions {
  int probe_size = 64;            ///< render size of the probe frames
  double time_budget_ms = 40.0;   ///< max GPU time of one probe draw
  double min_channel_std = 8.0;   ///< max over channels of the std (0..255)
  double max_saturated = 0.6;     ///< max fraction of pixels with all channels at 0 or 255
  double max_noise_ratio = 0.55;  ///< max high-frequency share of the variance
  double min_motion = 0.3;        ///< min mean |frame(t) - frame(t + 0.5 s)| (0..255)
  bool content_checks = true;     ///< false: only compile + time budget (for user shaders)
  std::vector<double> times = {0.5, 2.0, 4.5, 7.0};
};

/// Verdict for one program, with the measured values.
struct FilterVerdict {
  bool accepted = false;
  std::string reason;  ///< "ok" or why it was rejected
  double gpu_ms = 0.0, channel_std = 0.0, saturated = 0.0, noise_ratio = 0.0, motion = 0.0;
};

/// Image statistics used by the filter (exposed for tests).
double maxChannelStd(const cv::Mat& rgb);
double saturatedFraction(const cv::Mat& rgb);
double highFrequencyRatio(const cv::Mat& rgb);

/// Compiles, probes and judges a program. Needs a current GL context; `renderer`
/// is resized to the probe size. When accepted and `accepted` is given, the
/// compiled program is moved there so the caller need not compile it again.
FilterVerdict judgeShader(const ShaderEntry& shader, OffscreenRenderer& renderer,
                          const FilterOptions& options = {}, ShaderProgram* accepted = nullptr);

}  // namespace pmg::render
