#include "pmg_preview.h"

#include <opencv2/imgproc.hpp>

namespace pmg::gui {

PmgPreview::PmgPreview() : config_(presetConfig("paper-best")) {
  source_ = cv::Mat(256, 256, CV_8UC3, cv::Scalar(128, 128, 128));
}

void PmgPreview::setSource(const cv::Mat& rgb, const std::string& label) {
  if (rgb.empty()) return;
  source_ = rgb.clone();
  label_ = label;
  regenerate();
}

void PmgPreview::setConfig(const PmgConfig& config) {
  validate(config);
  config_ = config;
  regenerate();
}

void PmgPreview::setSeed(uint64_t seed) {
  seed_ = seed;
  regenerate();
}

void PmgPreview::reroll() {
  setSeed(mix64(seed_ + 0x9E37ULL) % 1000000ULL);
}

double PmgPreview::regenerate() {
  const auto t0 = std::chrono::steady_clock::now();
  clip_ = generateClipFromImage(config_, source_, seed_, 0);
  last_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (frame_ >= clip_.clip.frames) frame_ = 0;
  return last_ms_;
}

bool PmgPreview::advance(double dt) {
  if (!playing || clip_.clip.frames == 0) return false;
  phase_ += dt * fps;
  if (phase_ < 1.0) return false;
  const int steps = int(phase_);
  phase_ -= steps;
  int next = frame_ + steps;
  if (next >= clip_.clip.frames) next = loop ? next % clip_.clip.frames : clip_.clip.frames - 1;
  const bool changed = next != frame_;
  frame_ = next;
  return changed;
}

void PmgPreview::setFrame(int f) {
  frame_ = std::clamp(f, 0, std::max(0, clip_.clip.frames - 1));
}

}  // namespace pmg::gui
