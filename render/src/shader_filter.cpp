#include "pmg/render/shader_filter.h"

#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace pmg::render {

FilterOptions userShaderOptions() {
  FilterOptions o;
  o.content_checks = false;
  o.max_relative_cost = 0.0;
  return o;
}

const std::string& costReferenceShader() {
  static const std::string source = R"(
float refHash(vec2 p) { return fract(sin(dot(p, vec2(127.1, 311.7))) * 43758.5453); }
float refNoise(vec2 p) {
  vec2 i = floor(p), f = fract(p);
  vec2 u = f * f * (3.0 - 2.0 * f);
  return mix(mix(refHash(i), refHash(i + vec2(1, 0)), u.x),
             mix(refHash(i + vec2(0, 1)), refHash(i + vec2(1, 1)), u.x), u.y);
}
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
  vec2 p = fragCoord / iResolution.y * 4.0 + iTime * 0.1;
  float s = 0.0, a = 0.5;
  for (int i = 0; i < 6; i++) { s += a * refNoise(p); p *= 2.03; a *= 0.5; }
  fragColor = vec4(vec3(s), 1.0);
}
)";
  return source;
}

std::string costProblem(double shader_ms, double reference_ms, double max_relative_cost) {
  if (max_relative_cost <= 0.0 || reference_ms <= 0.0) return "";
  const double relative = shader_ms / reference_ms;
  if (relative <= max_relative_cost) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "too costly: %.1fx the reference program (limit %.0fx)", relative,
                max_relative_cost);
  return buf;
}

std::string slowWarning(double ms, double warn_ms, int size) {
  if (warn_ms <= 0.0 || ms <= warn_ms) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "slow: %.1f ms per %dx%d draw (%.0f FPS)", ms, size, size,
                1000.0 / ms);
  return buf;
}

double maxChannelStd(const cv::Mat& rgb) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(rgb, mean, stddev);
  return std::max({stddev[0], stddev[1], stddev[2]});
}

double saturatedFraction(const cv::Mat& rgb) {
  cv::Mat lo, hi;
  cv::inRange(rgb, cv::Scalar(0, 0, 0), cv::Scalar(2, 2, 2), lo);
  cv::inRange(rgb, cv::Scalar(253, 253, 253), cv::Scalar(255, 255, 255), hi);
  return double(cv::countNonZero(lo) + cv::countNonZero(hi)) / double(rgb.total());
}

double highFrequencyRatio(const cv::Mat& rgb) {
  cv::Mat gray, blur, g32, b32;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  gray.convertTo(g32, CV_32F);
  cv::GaussianBlur(g32, b32, cv::Size(0, 0), 1.5);
  cv::Scalar m, total, residual;
  cv::meanStdDev(g32, m, total);
  cv::meanStdDev(g32 - b32, m, residual);
  if (total[0] < 1e-6) return 0.0;
  return (residual[0] * residual[0]) / (total[0] * total[0]);
}

namespace {

/// Minimum cost over `draws` warm draws of `program` and of the reference, interleaved
/// so that a change of load during the measurement hits both.
void measureCost(OffscreenRenderer& renderer, const ShaderProgram& program,
                 const ShaderProgram& reference, int draws, const std::function<void()>& progress,
                 FilterVerdict& v) {
  ShaderInputs in;
  in.time = 1.0f;
  renderer.draw(reference, in, true);  // warm-up: llvmpipe compiles on the first draw
  v.gpu_ms = v.reference_ms = 1e300;
  for (int i = 0; i < std::max(1, draws); ++i) {
    v.reference_ms = std::min(v.reference_ms, renderer.draw(reference, in, true));
    v.gpu_ms = std::min(v.gpu_ms, renderer.draw(program, in, true));
    if (progress) progress();
  }
  v.relative_cost = v.reference_ms > 0.0 ? v.gpu_ms / v.reference_ms : 0.0;
}

}  // namespace

FilterVerdict judgeShader(const ShaderEntry& shader, OffscreenRenderer& renderer,
                          const FilterOptions& o, ShaderProgram* accepted,
                          const std::function<void()>& progress, CostReference* reference) {
  FilterVerdict v;
  ShaderProgram program;
  const CompileResult c = program.compile(shader.source, shader.common);
  if (!c.ok) {
    v.reason = "compile: " + c.summary();
    while (!v.reason.empty() && v.reason.back() == '\n') v.reason.pop_back();
    return v;
  }
  CostReference local;
  if (!reference) reference = &local;
  if (!reference->program.valid()) {
    const auto r = reference->program.compile(costReferenceShader());
    if (!r.ok) throw std::runtime_error("the cost reference shader does not compile: " + r.log);
  }
  if (progress) progress();
  renderer.resize(o.probe_size, o.probe_size);
  // Content probes first (untimed; the first of them also JIT-compiles the program).
  std::vector<cv::Mat> frames;
  double motion = 0.0;
  for (double t : o.times) {
    ShaderInputs in;
    in.time = float(t);
    const cv::Mat a = renderer.render(program, in);
    if (progress) progress();
    in.time = float(t + 0.5);
    const cv::Mat b = renderer.render(program, in);
    if (progress) progress();
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    const cv::Scalar d = cv::mean(diff);
    motion += (d[0] + d[1] + d[2]) / 3.0;
    frames.push_back(a);
  }
  measureCost(renderer, program, reference->program, o.cost_draws, progress, v);
  v.warning = slowWarning(v.gpu_ms, o.warn_ms, o.probe_size);
  v.motion = motion / double(o.times.size());
  for (const auto& f : frames) {
    v.channel_std += maxChannelStd(f) / double(frames.size());
    v.saturated += saturatedFraction(f) / double(frames.size());
    v.noise_ratio += highFrequencyRatio(f) / double(frames.size());
  }
  if (!o.content_checks) {
    v.reason = costProblem(v.gpu_ms, v.reference_ms, o.max_relative_cost);
    if (v.reason.empty()) v.reason = "ok";
  } else if (v.channel_std < o.min_channel_std) {
    v.reason = "flat: channel std " + std::to_string(v.channel_std);
  } else if (v.saturated > o.max_saturated) {
    v.reason = "saturated or black: " + std::to_string(v.saturated);
  } else if (v.noise_ratio > o.max_noise_ratio) {
    v.reason = "noise-like: high-frequency ratio " + std::to_string(v.noise_ratio);
  } else if (v.motion < o.min_motion) {
    v.reason = "static: motion " + std::to_string(v.motion);
  } else {
    v.reason = costProblem(v.gpu_ms, v.reference_ms, o.max_relative_cost);
    if (v.reason.empty()) v.reason = "ok";
  }
  v.accepted = v.reason == "ok";
  if (v.accepted && accepted) *accepted = std::move(program);
  return v;
}

}  // namespace pmg::render
