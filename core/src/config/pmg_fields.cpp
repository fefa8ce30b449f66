#include "pmg/config/pmg_fields.h"

#include <stdexcept>

namespace pmg {
inline namespace config {

const std::vector<PmgParamField>& pmgParamFields() {
  using P = PmgParams;
  static const std::vector<PmgParamField> fields = {
      {"window_fraction", "window", &P::window_fraction, nullptr, 0.05, 1.0, 0.1f, 1.0f,
       "Sliding window / CutMix side as a fraction of the image (112/224 in the paper)"},
      {"zoom_small", "zoom small", nullptr, &P::zoom_small, 0.01, 1.0, 0.05f, 1.0f,
       "Small zoom window side [0.2, 0.45] of the image"},
      {"zoom_large", "zoom large", nullptr, &P::zoom_large, 0.01, 1.0, 0.05f, 1.0f,
       "Large zoom window side [0.55, 0.95] of the image"},
      {"zoom_in_probability", "P(zoom-in)", &P::zoom_in_probability, nullptr, 0.0, 1.0, 0.0f, 1.0f,
       "Zoom-in is Zoom-out reversed; 50/50 in the paper"},
      {"fade_in_probability", "P(fade-in)", &P::fade_in_probability, nullptr, 0.0, 1.0, 0.0f, 1.0f,
       "Fade-in is Fade-out reversed; 50/50 in the paper"},
      {"rotation_deg", "rotation", nullptr, &P::rotation_deg, -180.0, 180.0, -45.0f, 45.0f,
       "Affine rotation per step in degrees [-15, 15]; accumulates over frames"},
      {"translate", "translate", nullptr, &P::translate, -0.5, 0.5, -0.1f, 0.1f,
       "Affine translation per step, fraction of the side [-0.01, 0.01]"},
      {"scale", "scale", nullptr, &P::scale, 0.5, 2.0, 0.9f, 1.1f,
       "Affine scale per step [0.9999, 1.0001]"},
      {"shear_deg", "shear", nullptr, &P::shear_deg, -45.0, 45.0, -10.0f, 10.0f,
       "Affine x-shear per step in degrees [-1, 1]"},
      {"perspective_distortion", "perspective", &P::perspective_distortion, nullptr, 0.0, 0.5, 0.0f,
       0.3f, "Perspective distortion scale per step (0.05)"},
      {"brightness", "brightness", nullptr, &P::brightness, 0.0, 1.0, 0.0f, 1.0f,
       "|brightness factor - 1| per step [0, 0.2]"},
      {"contrast", "contrast", nullptr, &P::contrast, 0.0, 1.0, 0.0f, 1.0f,
       "|contrast factor - 1| per step [0, 0.3]"},
      {"saturation", "saturation", nullptr, &P::saturation, 0.0, 1.0, 0.0f, 1.0f,
       "|saturation factor - 1| per step [0, 0.2]"},
      {"hue", "hue", nullptr, &P::hue, 0.0, 0.5, 0.0f, 0.5f,
       "|hue shift| per step as a fraction of the colour circle [0, 0.1]"},
  };
  return fields;
}

const std::vector<PmgTopField>& pmgTopFields() {
  static const std::vector<PmgTopField> fields = {
      {"frames", "frames", 2, 256, 2.0f, 32.0f, true, "Frames per clip (16 in the paper)"},
      {"size", "size", 16, 4096, 16.0f, 448.0f, true, "Clip side in pixels (224 in the paper)"},
      {"mix_alpha", "alpha", 1e-3, 1e3, 0.05f, 4.0f, false,
       "Beta(alpha, alpha) of the mixing weight lambda"},
      {"mix_probability", "P(mix)", 0.0, 1.0, 0.0f, 1.0f, false, "Chance that a pair is mixed"},
  };
  return fields;
}

const PmgTopField& pmgTopField(const std::string& key) {
  for (const auto& f : pmgTopFields())
    if (key == f.key) return f;
  throw std::out_of_range("no PMG config field " + key);
}

std::vector<std::string> pmgConfigKeys() {
  std::vector<std::string> keys = {"preset", "transforms", "params", "mode", "batch_mix"};
  for (const auto& f : pmgTopFields()) keys.push_back(f.key);
  return keys;
}

std::vector<std::string> pmgParamKeys() {
  std::vector<std::string> keys;
  for (const auto& f : pmgParamFields()) keys.push_back(f.key);
  keys.push_back("objects");
  return keys;
}

double pmgTopValue(const PmgConfig& c, const PmgTopField& f) {
  const std::string key = f.key;
  if (key == "frames") return c.frames;
  if (key == "size") return c.size;
  if (key == "mix_alpha") return c.mix_alpha;
  return c.mix_probability;
}

void setPmgTopValue(PmgConfig& c, const PmgTopField& f, double v) {
  const std::string key = f.key;
  if (key == "frames")
    c.frames = int(v);
  else if (key == "size")
    c.size = int(v);
  else if (key == "mix_alpha")
    c.mix_alpha = v;
  else
    c.mix_probability = v;
}

}  // namespace config
}  // namespace pmg
