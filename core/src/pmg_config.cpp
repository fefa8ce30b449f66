#include "pmg/pmg_config.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace pmg {

namespace {

struct NameEntry {
  TransformKind kind;
  const char* name;
};
const NameEntry kNames[] = {
    {TransformKind::Identity, "identity"},
    {TransformKind::SlidingWindow, "sliding_window"},
    {TransformKind::Zoom, "zoom"},
    {TransformKind::Fade, "fade"},
    {TransformKind::Affine, "affine"},
    {TransformKind::Perspective, "perspective"},
    {TransformKind::ColorJitter, "color_jitter"},
    {TransformKind::CutMix, "cutmix"},
    {TransformKind::Objects, "objects"},
};

std::string normalise(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return c == '-' || c == ' ' ? '_' : static_cast<char>(std::tolower(c));
  });
  return s;
}

std::string fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

void checkRange(const std::string& key, const Range& r, double min, double max) {
  if (!std::isfinite(r.lo) || !std::isfinite(r.hi) || r.lo > r.hi || r.lo < min || r.hi > max) {
    throw ConfigError("invalid " + key + " = [" + fmt(r.lo) + ", " + fmt(r.hi) +
                      "]: need lo <= hi within [" + fmt(min) + ", " + fmt(max) + "]");
  }
}

void checkValue(const std::string& key, double v, double min, double max) {
  if (!std::isfinite(v) || v < min || v > max) {
    throw ConfigError("invalid " + key + " = " + fmt(v) + ": allowed range [" + fmt(min) + ", " +
                      fmt(max) + "]");
  }
}

nlohmann::json rangeJson(const Range& r) {
  return nlohmann::json::array({r.lo, r.hi});
}

void readRange(const nlohmann::json& j, const char* key, const std::string& prefix, Range& out) {
  if (!j.contains(key)) return;
  const auto& v = j.at(key);
  if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) {
    throw ConfigError("invalid " + prefix + key + ": expected [lo, hi] numbers");
  }
  out = {v[0].get<double>(), v[1].get<double>()};
}

void readNumber(const nlohmann::json& j, const char* key, const std::string& prefix, double& out) {
  if (!j.contains(key)) return;
  if (!j.at(key).is_number()) throw ConfigError("invalid " + prefix + key + ": expected a number");
  out = j.at(key).get<double>();
}

void readInt(const nlohmann::json& j, const char* key, int& out) {
  if (!j.contains(key)) return;
  if (!j.at(key).is_number_integer())
    throw ConfigError(std::string("invalid pmg.") + key + ": expected an integer");
  out = j.at(key).get<int>();
}

}  // namespace

std::string transformName(TransformKind kind) {
  for (const auto& e : kNames)
    if (e.kind == kind) return e.name;
  return "unknown";
}

TransformKind parseTransformName(const std::string& name) {
  const std::string n = normalise(name);
  for (const auto& e : kNames)
    if (n == e.name) return e.kind;
  if (n == "zoom_in" || n == "zoom_out" || n == "zoom_in_out") return TransformKind::Zoom;
  if (n == "fade_in" || n == "fade_out" || n == "fade_in_out") return TransformKind::Fade;
  if (n == "slide" || n == "sliding") return TransformKind::SlidingWindow;
  if (n == "colorjitter" || n == "jitter") return TransformKind::ColorJitter;
  std::string known;
  for (const auto& e : kNames) known += std::string(known.empty() ? "" : ", ") + e.name;
  throw ConfigError("unknown transform '" + name + "'; known: " + known);
}

const std::vector<TransformKind>& paperTransforms() {
  static const std::vector<TransformKind> paper = {
      TransformKind::Identity,    TransformKind::SlidingWindow, TransformKind::Zoom,
      TransformKind::Fade,        TransformKind::Affine,        TransformKind::Perspective,
      TransformKind::ColorJitter, TransformKind::CutMix};
  return paper;
}

const std::vector<TransformKind>& allTransforms() {
  static const std::vector<TransformKind> all = [] {
    auto v = paperTransforms();
    v.push_back(TransformKind::Objects);
    return v;
  }();
  return all;
}

std::vector<std::string> presetNames() {
  std::vector<std::string> names = {"paper-best", "all", "objects+paper-best"};
  for (auto k : allTransforms()) names.push_back(transformName(k));
  return names;
}

PmgConfig presetConfig(const std::string& name) {
  PmgConfig c;
  const std::string n = normalise(name);
  if (n == "paper_best" || n == "best") {
    // Paper Sec. 4.1: the best set is {Zoom-in/out, Affine}, followed by mixup.
    c.transforms = {{TransformKind::Zoom, 1.0}, {TransformKind::Affine, 1.0}};
    c.batch_mix = BatchMix::Mixup;
    return c;
  }
  if (n == "objects+paper_best") {
    // Object motion beside the paper's best set, half of the clips each, then mixup.
    c.transforms = {
        {TransformKind::Zoom, 1.0}, {TransformKind::Affine, 1.0}, {TransformKind::Objects, 2.0}};
    c.batch_mix = BatchMix::Mixup;
    return c;
  }
  if (n == "all") {
    // Appendix C lists ten names: zoom-in/out and fade-in/out count twice.
    for (auto k : paperTransforms()) {
      const double w = (k == TransformKind::Zoom || k == TransformKind::Fade) ? 2.0 : 1.0;
      c.transforms.push_back({k, w});
    }
    return c;
  }
  try {
    c.transforms = {{parseTransformName(name), 1.0}};
  } catch (const ConfigError&) {
    std::string known;
    for (const auto& p : presetNames()) known += (known.empty() ? "" : ", ") + p;
    throw ConfigError("unknown transform or preset '" + name + "'; known: " + known);
  }
  return c;
}

void validate(const PmgConfig& c) {
  if (c.transforms.empty()) throw ConfigError("invalid pmg.transforms: the set is empty");
  double total = 0.0;
  for (const auto& t : c.transforms) {
    checkValue("pmg.transforms." + transformName(t.kind) + ".weight", t.weight, 0.0, 1e6);
    total += t.weight;
  }
  if (total <= 0.0) throw ConfigError("invalid pmg.transforms: weights sum to 0");
  checkValue("pmg.frames", c.frames, 2, 256);
  checkValue("pmg.size", c.size, 16, 4096);
  const PmgParams& p = c.params;
  checkValue("pmg.params.window_fraction", p.window_fraction, 0.05, 1.0);
  checkRange("pmg.params.zoom_small", p.zoom_small, 0.01, 1.0);
  checkRange("pmg.params.zoom_large", p.zoom_large, 0.01, 1.0);
  checkValue("pmg.params.zoom_in_probability", p.zoom_in_probability, 0.0, 1.0);
  checkValue("pmg.params.fade_in_probability", p.fade_in_probability, 0.0, 1.0);
  checkRange("pmg.params.rotation_deg", p.rotation_deg, -180.0, 180.0);
  checkRange("pmg.params.translate", p.translate, -0.5, 0.5);
  checkRange("pmg.params.scale", p.scale, 0.5, 2.0);
  checkRange("pmg.params.shear_deg", p.shear_deg, -45.0, 45.0);
  checkValue("pmg.params.perspective_distortion", p.perspective_distortion, 0.0, 0.5);
  checkRange("pmg.params.brightness", p.brightness, 0.0, 1.0);
  checkRange("pmg.params.contrast", p.contrast, 0.0, 1.0);
  checkRange("pmg.params.saturation", p.saturation, 0.0, 1.0);
  checkRange("pmg.params.hue", p.hue, 0.0, 0.5);
  validate(p.objects);
  checkValue("pmg.mix_alpha", c.mix_alpha, 1e-3, 1e3);
  checkValue("pmg.mix_probability", c.mix_probability, 0.0, 1.0);
}

std::string recursionModeName(RecursionMode mode) {
  return mode == RecursionMode::Recursive ? "recursive" : "composed";
}

RecursionMode parseRecursionMode(const std::string& name, const std::string& key) {
  for (auto m : {RecursionMode::Recursive, RecursionMode::Composed})
    if (name == recursionModeName(m)) return m;
  throw ConfigError("invalid " + key + " = '" + name + "': allowed recursive, composed");
}

BatchMix parseBatchMix(const std::string& name, const std::string& key) {
  for (auto m : {BatchMix::None, BatchMix::Mixup, BatchMix::VideoMix})
    if (name == batchMixName(m)) return m;
  throw ConfigError("invalid " + key + " = '" + name + "': allowed none, mixup, videomix");
}

std::string batchMixName(BatchMix mix) {
  switch (mix) {
    case BatchMix::Mixup:
      return "mixup";
    case BatchMix::VideoMix:
      return "videomix";
    default:
      return "none";
  }
}

nlohmann::json toJson(const PmgConfig& c) {
  nlohmann::json t = nlohmann::json::object();
  for (const auto& w : c.transforms) t[transformName(w.kind)] = w.weight;
  const PmgParams& p = c.params;
  nlohmann::json params = {
      {"window_fraction", p.window_fraction},
      {"zoom_small", rangeJson(p.zoom_small)},
      {"zoom_large", rangeJson(p.zoom_large)},
      {"zoom_in_probability", p.zoom_in_probability},
      {"fade_in_probability", p.fade_in_probability},
      {"rotation_deg", rangeJson(p.rotation_deg)},
      {"translate", rangeJson(p.translate)},
      {"scale", rangeJson(p.scale)},
      {"shear_deg", rangeJson(p.shear_deg)},
      {"perspective_distortion", p.perspective_distortion},
      {"brightness", rangeJson(p.brightness)},
      {"contrast", rangeJson(p.contrast)},
      {"saturation", rangeJson(p.saturation)},
      {"hue", rangeJson(p.hue)},
      {"objects", toJson(p.objects)},
  };
  return {{"transforms", t},
          {"params", params},
          {"mode", recursionModeName(c.mode)},
          {"frames", c.frames},
          {"size", c.size},
          {"batch_mix", batchMixName(c.batch_mix)},
          {"mix_alpha", c.mix_alpha},
          {"mix_probability", c.mix_probability}};
}

PmgConfig pmgConfigFromJson(const nlohmann::json& j) {
  if (!j.is_object()) throw ConfigError("invalid pmg config: expected a JSON object");
  PmgConfig c = presetConfig(j.value("preset", std::string("paper-best")));
  if (j.contains("transforms")) {
    const auto& t = j.at("transforms");
    c.transforms.clear();
    if (t.is_object()) {
      for (auto it = t.begin(); it != t.end(); ++it) {
        if (!it.value().is_number())
          throw ConfigError("invalid pmg.transforms." + it.key() + ": expected a weight");
        c.transforms.push_back({parseTransformName(it.key()), it.value().get<double>()});
      }
    } else if (t.is_array()) {
      for (const auto& name : t)
        c.transforms.push_back({parseTransformName(name.get<std::string>()), 1.0});
    } else {
      throw ConfigError("invalid pmg.transforms: expected {name: weight} or [names]");
    }
  }
  if (j.contains("params")) {
    const auto& p = j.at("params");
    const std::string pre = "pmg.params.";
    PmgParams& o = c.params;
    readNumber(p, "window_fraction", pre, o.window_fraction);
    readRange(p, "zoom_small", pre, o.zoom_small);
    readRange(p, "zoom_large", pre, o.zoom_large);
    readNumber(p, "zoom_in_probability", pre, o.zoom_in_probability);
    readNumber(p, "fade_in_probability", pre, o.fade_in_probability);
    readRange(p, "rotation_deg", pre, o.rotation_deg);
    readRange(p, "translate", pre, o.translate);
    readRange(p, "scale", pre, o.scale);
    readRange(p, "shear_deg", pre, o.shear_deg);
    readNumber(p, "perspective_distortion", pre, o.perspective_distortion);
    readRange(p, "brightness", pre, o.brightness);
    readRange(p, "contrast", pre, o.contrast);
    readRange(p, "saturation", pre, o.saturation);
    readRange(p, "hue", pre, o.hue);
    if (p.contains("objects")) readObjectParams(p.at("objects"), o.objects);
  }
  if (j.contains("mode")) c.mode = parseRecursionMode(j.at("mode").get<std::string>(), "pmg.mode");
  readInt(j, "frames", c.frames);
  readInt(j, "size", c.size);
  if (j.contains("batch_mix"))
    c.batch_mix = parseBatchMix(j.at("batch_mix").get<std::string>(), "pmg.batch_mix");
  readNumber(j, "mix_alpha", "pmg.", c.mix_alpha);
  readNumber(j, "mix_probability", "pmg.", c.mix_probability);
  validate(c);
  return c;
}

}  // namespace pmg
