#include "pmg/config/pmg_config.h"

#include "pmg/config/config_keys.h"
#include "pmg/config/pmg_fields.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <sstream>

namespace pmg {
inline namespace config {

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

/// A number as in error messages: %g.
std::string number(double v) {
  return fmt::format("{:g}", v);
}

void checkRange(const std::string& key, const Range& r, double min, double max) {
  if (!std::isfinite(r.lo) || !std::isfinite(r.hi) || r.lo > r.hi || r.lo < min || r.hi > max) {
    throw ConfigError("invalid " + key + " = [" + number(r.lo) + ", " + number(r.hi) +
                      "]: need lo <= hi within [" + number(min) + ", " + number(max) + "]");
  }
}

void checkValue(const std::string& key, double v, double min, double max) {
  if (!std::isfinite(v) || v < min || v > max) {
    throw ConfigError("invalid " + key + " = " + number(v) + ": allowed range [" + number(min) +
                      ", " + number(max) + "]");
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

/// Reads top-level number `f` (absent keeps the default); integer keys must hold whole numbers,
/// checked in 64 bits before narrowing.
void readTopNumber(const nlohmann::json& j, const PmgTopField& f, PmgConfig& c) {
  if (!j.contains(f.key)) return;
  const auto& v = j.at(f.key);
  const std::string key = std::string("pmg.") + f.key;
  if (!v.is_number()) throw ConfigError("invalid " + key + ": expected a number, got " + v.dump());
  if (f.integer && !v.is_number_integer())
    throw ConfigError("invalid " + key + ": expected a whole number, got " + v.dump());
  const double x = v.is_number_unsigned()  ? double(v.get<uint64_t>())
                   : v.is_number_integer() ? double(v.get<int64_t>())
                                           : v.get<double>();
  checkValue(key, x, f.lo, f.hi);
  setPmgTopValue(c, f, x);
}

/// Refuses keys of `j` that are not in `known`, naming the nearest known one.
void requireKeys(const nlohmann::json& j, const std::vector<std::string>& known,
                 const std::string& where) {
  requireKnownKeys(j, known, where);
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
  for (const auto& f : pmgTopFields())
    checkValue(std::string("pmg.") + f.key, pmgTopValue(c, f), f.lo, f.hi);
  const PmgParams& p = c.params;
  for (const auto& f : pmgParamFields()) {
    const std::string key = std::string("pmg.params.") + f.key;
    if (f.range)
      checkRange(key, p.*f.range, f.lo, f.hi);
    else
      checkValue(key, p.*f.value, f.lo, f.hi);
  }
  validate(p.objects);
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
  nlohmann::json params = nlohmann::json::object();
  for (const auto& f : pmgParamFields())
    params[f.key] = f.range ? rangeJson(c.params.*f.range) : nlohmann::json(c.params.*f.value);
  params["objects"] = toJson(c.params.objects);
  nlohmann::json out = {{"transforms", t},
                        {"params", params},
                        {"mode", recursionModeName(c.mode)},
                        {"batch_mix", batchMixName(c.batch_mix)}};
  for (const auto& f : pmgTopFields())
    out[f.key] =
        f.integer ? nlohmann::json(long(pmgTopValue(c, f))) : nlohmann::json(pmgTopValue(c, f));
  return out;
}

PmgConfig pmgConfigFromJson(const nlohmann::json& j) {
  if (!j.is_object()) throw ConfigError("invalid pmg config: expected a JSON object");
  requireKeys(j, pmgConfigKeys(), "pmg");
  if (j.contains("preset") && !j.at("preset").is_string())
    throw ConfigError("invalid pmg.preset: expected a preset name, got " + j.at("preset").dump());
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
      for (const auto& name : t) {
        if (!name.is_string())
          throw ConfigError("invalid pmg.transforms: expected transform names, got " + name.dump());
        c.transforms.push_back({parseTransformName(name.get<std::string>()), 1.0});
      }
    } else {
      throw ConfigError("invalid pmg.transforms: expected {name: weight} or [names]");
    }
  }
  if (j.contains("params")) {
    const auto& p = j.at("params");
    requireKeys(p, pmgParamKeys(), "pmg.params");
    const std::string pre = "pmg.params.";
    for (const auto& f : pmgParamFields()) {
      if (f.range)
        readRange(p, f.key, pre, c.params.*f.range);
      else
        readNumber(p, f.key, pre, c.params.*f.value);
    }
    if (p.contains("objects")) readObjectParams(p.at("objects"), c.params.objects);
  }
  auto name = [&](const char* key) {
    if (!j.at(key).is_string())
      throw ConfigError(std::string("invalid pmg.") + key + ": expected a name, got " +
                        j.at(key).dump());
    return j.at(key).get<std::string>();
  };
  if (j.contains("mode")) c.mode = parseRecursionMode(name("mode"), "pmg.mode");
  if (j.contains("batch_mix")) c.batch_mix = parseBatchMix(name("batch_mix"), "pmg.batch_mix");
  for (const auto& f : pmgTopFields()) readTopNumber(j, f, c);
  validate(c);
  return c;
}

}  // namespace config
}  // namespace pmg
