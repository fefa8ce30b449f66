// Acceptance filter for shader programs (Shaders21k-style curation): compiles, has
// structure, is not saturated, not noise, moves, and (generated programs only) costs
// no more than a fixed multiple of a reference program measured in the same process.
// No verdict depends on how busy the machine is: compilation and the first (JIT) draw
// are never timed, costs are minima over warm draws, and the cost limit is relative to
// reference draws interleaved with the candidate's, so load scales both alike.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/shader_library.h"

namespace pmg::render {

/// Thresholds of the filter.
struct FilterOptions {
  int probe_size = 64;  ///< render size of the probe frames
  /// Refuse a program whose warm draw costs more than this many reference draws
  /// (`costReferenceShader()`); 0 = never refuse for cost (user shaders).
  double max_relative_cost = 30.0;
  double warn_ms = 40.0;          ///< warn (never refuse) above this many ms per probe draw
  int cost_draws = 3;             ///< timed warm draws; the minimum is the cost
  double min_channel_std = 8.0;   ///< max over channels of the std (0..255)
  double max_saturated = 0.6;     ///< max fraction of pixels with all channels at 0 or 255
  double max_noise_ratio = 0.55;  ///< max high-frequency share of the variance
  double min_motion = 0.3;        ///< min mean |frame(t) - frame(t + 0.5 s)| (0..255)
  bool content_checks = true;     ///< false: only compile + measure (user shaders)
  std::vector<double> times = {0.5, 2.0, 4.5, 7.0};
};

/// The options for a shader a user gave (file, folder, editor): it is never refused
/// for its content or its cost, only for not compiling or not finishing a draw.
FilterOptions userShaderOptions();

/// Verdict for one program, with the measured values.
struct FilterVerdict {
  bool accepted = false;
  std::string reason;          ///< "ok" or why it was rejected
  std::string warning;         ///< e.g. "slow: 84.1 ms per 64x64 draw (12 FPS)"; empty when none
  double gpu_ms = 0.0;         ///< warm draw cost: minimum over `cost_draws` draws
  double reference_ms = 0.0;   ///< the reference program's cost, measured beside it
  double relative_cost = 0.0;  ///< gpu_ms / reference_ms
  double channel_std = 0.0, saturated = 0.0, noise_ratio = 0.0, motion = 0.0;
};

/// The fixed program costs are measured against: value-noise fbm, typical of the
/// library and of generated programs.
const std::string& costReferenceShader();

/// The cost decision alone (pure, for tests): "" when within `max_relative_cost`
/// (or it is 0), else the reason ("too costly: ...").
std::string costProblem(double shader_ms, double reference_ms, double max_relative_cost);

/// The slowness warning for a draw of `ms` at `size` px ("" below `warn_ms`).
std::string slowWarning(double ms, double warn_ms, int size);

/// Image statistics used by the filter (exposed for tests).
double maxChannelStd(const cv::Mat& rgb);
double saturatedFraction(const cv::Mat& rgb);
double highFrequencyRatio(const cv::Mat& rgb);

/// The compiled reference program, kept between judgements in one GL context
/// (compiled on first use; destroy it with its context current).
struct CostReference {
  ShaderProgram program;
};

/// Compiles, probes and judges a program. Needs a current GL context; `renderer`
/// is resized to the probe size. When accepted and `accepted` is given, the
/// compiled program is moved there so the caller need not compile it again.
/// `progress` (optional) is called after compiling and after every draw, so a
/// watchdog can time single draws rather than the whole judgement. `reference`
/// (optional) caches the reference program; without it one is compiled per call.
FilterVerdict judgeShader(const ShaderEntry& shader, OffscreenRenderer& renderer,
                          const FilterOptions& options = {}, ShaderProgram* accepted = nullptr,
                          const std::function<void()>& progress = {},
                          CostReference* reference = nullptr);

}  // namespace pmg::render
