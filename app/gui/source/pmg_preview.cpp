#include "source/pmg_preview.h"

#include "pmg/motion/motion_stats.h"

#include <opencv2/imgproc.hpp>

#include "pmg/base/random_streams.h"
#include "pmg/motion/batch_mix.h"

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

void PmgPreview::setSecondSource(const cv::Mat& rgb, const std::string& label) {
  if (rgb.empty()) return;
  second_ = rgb.clone();
  second_label_ = label;
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
  clip_ = generateClipFromImage(config_, source_, seed_, 0, second_);  // second: donor, textures
  if (flip)  // before mixing, as in the loader
    for (int t = 0; t < clip_.clip.frames; ++t) {
      cv::Mat f = clip_.clip.frame(t);
      cv::flip(f, f, 1);
    }
  field_ = show_flow ? motionField(clip_.program) : MotionField();  // only when overlaid
  field_flipped_ = flip;
  mix_lambda_ = 1.0;
  if (config_.batch_mix != BatchMix::None && !second_.empty()) {
    // The pair as the loader mixes it: (main, partner), partner from its own sample index.
    std::vector<Clip> pair;
    pair.push_back(std::move(clip_.clip));
    pair.push_back(generateClipFromImage(config_, second_, seed_, 1).clip);
    PmgConfig always = config_;
    always.mix_probability = 1.0;
    Rng rng(streamSeed(seed_, Stream::BatchMix), 0);
    mix_lambda_ = applyBatchMix(pair, always, rng)[0].lambda;
    clip_.clip = std::move(pair[0]);
    clip_.stats = motionStats(clip_.clip, clip_.program);  // of the clip shown (mixed)
  }
  last_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (frame_ >= clip_.clip.frames) frame_ = 0;
  return last_ms_;
}

void PmgPreview::pinCompare() {
  compare_ = clip_.clip;
  compare_label_ = transformName(clip_.program.kind) + ", seed " + std::to_string(seed_);
}

void PmgPreview::clearCompare() {
  compare_ = Clip();
  compare_label_.clear();
}

cv::Mat PmgPreview::displayFrame(int t) const {
  if (clip_.clip.empty()) return cv::Mat();
  cv::Mat current = clip_.clip.frame(std::clamp(t, 0, clip_.clip.frames - 1));
  if (show_flow && field_.frames > 1) {  // the step leaving this frame (the last: the one before)
    const MotionField& f = field_;
    const int step = std::clamp(t, 0, f.frames - 2);
    cv::Mat colours = flowColors(f, step);
    if (field_flipped_) {  // the clip was mirrored: so is its motion
      cv::Mat flow;
      cv::flip(f.flowAt(step), flow, 1);
      cv::Mat vis;
      cv::flip(f.visibleAt(step), vis, 1);
      MotionField mirrored;
      mirrored.frames = 2;
      mirrored.size = f.size;
      mirrored.flow.assign(reinterpret_cast<const float*>(flow.data),
                           reinterpret_cast<const float*>(flow.data) + flow.total() * 2);
      for (size_t k = 0; k < mirrored.flow.size(); k += 2) mirrored.flow[k] = -mirrored.flow[k];
      mirrored.visible.assign(vis.data, vis.data + vis.total());
      colours = flowColors(mirrored, 0);
    }
    cv::Mat blended;
    cv::addWeighted(current, 0.35, colours, 0.65, 0.0, blended);
    current = blended;
  }
  if (!comparing()) return current;
  cv::Mat a = compare_.frame(std::clamp(t, 0, compare_.frames - 1));
  if (a.size() != current.size()) cv::resize(a, a, current.size(), 0, 0, cv::INTER_AREA);
  const cv::Mat gap(current.rows, 6, CV_8UC3, cv::Scalar(30, 30, 34));
  cv::Mat side;
  cv::hconcat(std::vector<cv::Mat>{a, gap, current}, side);
  return side;
}

cv::Mat PmgPreview::filmstrip(int thumb) const {
  const Clip& c = clip_.clip;
  if (c.empty() || thumb <= 0) return cv::Mat();
  const int w = std::max(1, thumb * c.width / c.height);
  cv::Mat strip(thumb, w * c.frames, CV_8UC3);
  for (int t = 0; t < c.frames; ++t)
    cv::resize(c.frame(t), strip(cv::Rect(t * w, 0, w, thumb)), cv::Size(w, thumb), 0, 0,
               cv::INTER_AREA);
  return strip;
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
