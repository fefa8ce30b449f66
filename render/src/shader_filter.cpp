#include "pmg/render/shader_filter.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace pmg::render {

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

FilterVerdict judgeShader(const ShaderEntry& shader, OffscreenRenderer& renderer,
                          const FilterOptions& o, ShaderProgram* accepted) {
  FilterVerdict v;
  ShaderProgram program;
  const CompileResult c = program.compile(shader.source, shader.common);
  if (!c.ok) {
    v.reason = "compile: " + c.summary();
    while (!v.reason.empty() && v.reason.back() == '\n') v.reason.pop_back();
    return v;
  }
  renderer.resize(o.probe_size, o.probe_size);
  std::vector<cv::Mat> frames;
  double motion = 0.0;
  for (double t : o.times) {
    ShaderInputs in;
    in.time = float(t);
    double ms = 0.0;
    const cv::Mat a = renderer.render(program, in, &ms);
    v.gpu_ms = std::max(v.gpu_ms, ms);
    if (v.gpu_ms > o.time_budget_ms) {
      v.reason = "too slow: " + std::to_string(v.gpu_ms) + " ms per probe draw > budget " +
                 std::to_string(o.time_budget_ms) + " ms";
      return v;
    }
    in.time = float(t + 0.5);
    const cv::Mat b = renderer.render(program, in);
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    const cv::Scalar d = cv::mean(diff);
    motion += (d[0] + d[1] + d[2]) / 3.0;
    frames.push_back(a);
  }
  v.motion = motion / double(o.times.size());
  for (const auto& f : frames) {
    v.channel_std += maxChannelStd(f) / double(frames.size());
    v.saturated += saturatedFraction(f) / double(frames.size());
    v.noise_ratio += highFrequencyRatio(f) / double(frames.size());
  }
  if (!o.content_checks) {
    v.accepted = true;
    v.reason = "ok";
    if (accepted) *accepted = std::move(program);
    return v;
  }
  if (v.channel_std < o.min_channel_std)
    v.reason = "flat: channel std " + std::to_string(v.channel_std);
  else if (v.saturated > o.max_saturated)
    v.reason = "saturated or black: " + std::to_string(v.saturated);
  else if (v.noise_ratio > o.max_noise_ratio)
    v.reason = "noise-like: high-frequency ratio " + std::to_string(v.noise_ratio);
  else if (v.motion < o.min_motion)
    v.reason = "static: motion " + std::to_string(v.motion);
  else {
    v.accepted = true;
    v.reason = "ok";
    if (accepted) *accepted = std::move(program);
  }
  return v;
}

}  // namespace pmg::render
