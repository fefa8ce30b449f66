// State of the live PMG preview: config, seed, source image, current clip and
// playback. Qt-free so it is testable without a display.
#pragma once
#include <chrono>
#include <opencv2/core.hpp>
#include <string>

#include "pmg/motion/clip_generator.h"
#include "pmg/motion/motion_field.h"

namespace pmg::gui {

/// Regenerates the clip whenever the config, seed or source changes.
class PmgPreview {
 public:
  PmgPreview();
  /// Sets the source image (RGB uint8) and its label; regenerates.
  void setSource(const cv::Mat& rgb, const std::string& label);
  /// Replaces the config (after validation); regenerates. Throws ConfigError.
  void setConfig(const PmgConfig& config);
  /// Sets the mix partner (the second source of mixup / VideoMix); regenerates.
  void setSecondSource(const cv::Mat& rgb, const std::string& label);
  /// Sets the seed; regenerates.
  void setSeed(uint64_t seed);
  /// New random seed (reroll).
  void reroll();
  /// Regenerates now; returns the time it took in ms.
  double regenerate();

  const PmgConfig& config() const { return config_; }
  PmgConfig& mutableConfig() { return config_; }
  uint64_t seed() const { return seed_; }
  /// The clip shown: the generated clip, mixed with the partner's clip when the config's
  /// batch_mix is set and a partner exists; its motion statistics are those of this clip.
  const GeneratedClip& clip() const { return clip_; }
  const std::string& secondSourceLabel() const { return second_label_; }
  /// Weight of the main clip in the last mix (1 = unmixed), for mixup or VideoMix.
  double mixLambda() const { return mix_lambda_; }

  /// Compare: keeps the current settings and clip as "A"; later edits show beside it.
  void pinCompare();
  void clearCompare();
  bool comparing() const { return !compare_.empty(); }
  const std::string& compareLabel() const { return compare_label_; }
  /// Frame t as displayed: the clip's frame, or A | current side by side when comparing.
  cv::Mat displayFrame(int t) const;
  /// All frames in a row, each `thumb` pixels high (for the filmstrip).
  cv::Mat filmstrip(int thumb) const;
  const std::string& sourceLabel() const { return label_; }
  /// Overlay the exact flow (colour wheel, occluded pixels dark) on the playing clip.
  bool show_flow = false;
  /// The source image (RGB uint8; empty before the first setSource).
  const cv::Mat& sourceImage() const { return source_; }
  double lastGenerateMs() const { return last_ms_; }

  /// Playback: advances by dt seconds at `fps`; returns true when the frame changed.
  bool advance(double dt);
  int frame() const { return frame_; }
  void setFrame(int f);
  bool playing = true;
  /// Mirror the clip horizontally, as the training loader does for half of the clips.
  bool flip = false;
  bool loop = true;
  double fps = 8.0;

 private:
  PmgConfig config_;
  uint64_t seed_ = 0;
  cv::Mat source_, second_;
  std::string label_, second_label_, compare_label_;
  MotionField field_;  ///< the shown clip's exact flow (of the main clip when mixed)
  bool field_flipped_ = false;
  Clip compare_;
  double mix_lambda_ = 1.0;
  GeneratedClip clip_;
  double last_ms_ = 0.0, phase_ = 0.0;
  int frame_ = 0;
};

}  // namespace pmg::gui
