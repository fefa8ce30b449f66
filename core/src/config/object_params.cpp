#include "pmg/config/object_params.h"

#include <algorithm>
#include <cmath>

#include "pmg/config/config_error.h"
#include "pmg/config/config_keys.h"

namespace pmg {
inline namespace config {

namespace {

const std::pair<ObjectShape, const char*> kShapeNames[] = {
    {ObjectShape::Circle, "circle"},
    {ObjectShape::Square, "square"},
    {ObjectShape::OrientedSquare, "oriented_square"},
    {ObjectShape::Rectangle, "rectangle"},
    {ObjectShape::Triangle, "triangle"},
    {ObjectShape::Quadrilateral, "quadrilateral"},
    {ObjectShape::Cutout, "cutout"}};

const std::string kPrefix = "pmg.params.objects.";

void checkBound(const std::string& key, double v, double lo, double hi) {
  if (!std::isfinite(v) || v < lo || v > hi)
    throw ConfigError("invalid " + kPrefix + key + " = " + std::to_string(v) + ": allowed range [" +
                      std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

}  // namespace

const std::vector<ObjectNumberField>& objectNumberFields() {
  using P = ObjectParams;
  static const std::vector<ObjectNumberField> fields = {
      {"count", "objects K", &P::count_min, &P::count_max, 1, 256, 1, 64, true,
       "Objects per clip, drawn uniformly; painted back to front (dead leaves)"},
      {"radius", "radius", &P::radius_min, &P::radius_max, 0.005, 1.0, 0.005f, 1.0f, false,
       "Object radius as a fraction of the side; density r^-sigma"},
      {"radius_sigma", "radius sigma", &P::radius_sigma, nullptr, 0.0, 10.0, 0.0f, 6.0f, false,
       "Power-law exponent of the radii (3 in the reference code)"},
      {"speed", "speed", &P::speed_min, &P::speed_max, 0.0, 0.25, 0.0f, 0.05f, false,
       "Speed, fraction of the side per frame (reference: 1.2-3 px at 256 px)"},
      {"acceleration", "acceleration", &P::acceleration, nullptr, 0.0, 0.01, 0.0f, 0.002f, false,
       "|acceleration| along the direction, fraction of the side per frame^2"},
      {"spin_deg", "spin (deg)", &P::spin_deg, nullptr, 0.0, 45.0, 0.0f, 10.0f, false,
       "|rotation rate| in degrees per frame (reference: pi/100 rad)"},
      {"scale_rate", "scale rate", &P::scale_rate, nullptr, 0.0, 0.05, 0.0f, 0.03f, false,
       "|x and y scale rate| per frame (reference 0.005)"},
      {"shear_rate", "shear rate", &P::shear_rate, nullptr, 0.0, 0.05, 0.0f, 0.03f, false,
       "|x and y shear rate| per frame (reference 0.005)"},
      {"textured_probability", "P(textured)", &P::textured_probability, nullptr, 0.0, 1.0, 0.0f,
       1.0f, false, "Chance an object carries a piece of the source image; else a plain colour"},
      {"active", "active", &P::active_min, &P::active_max, 0.0, 1.0, 0.0f, 1.0f, false,
       "Fraction of the clip during which each object moves (frozen otherwise)"},
      {"shake", "camera shake", &P::shake, nullptr, 0.0, 0.1, 0.0f, 0.05f, false,
       "Hand-held camera amplitude, fraction of the side (0 = off)"},
  };
  return fields;
}

std::vector<std::string> objectParamKeys() {
  std::vector<std::string> keys;
  for (const auto& f : objectNumberFields()) keys.push_back(f.key);
  for (const char* k : {"shapes", "background", "camera"}) keys.push_back(k);
  return keys;
}

const std::vector<ObjectShape>& allObjectShapes() {
  static const std::vector<ObjectShape> shapes = [] {
    std::vector<ObjectShape> s;
    for (const auto& e : kShapeNames) s.push_back(e.first);
    return s;
  }();
  return shapes;
}

const std::vector<std::string>& objectCameraNames() {
  static const std::vector<std::string> names = {"none", "sliding_window", "zoom", "affine",
                                                 "perspective"};
  return names;
}

std::string objectShapeName(ObjectShape s) {
  for (const auto& [shape, name] : kShapeNames)
    if (shape == s) return name;
  return "unknown";
}

ObjectShape parseObjectShape(const std::string& name, const std::string& key) {
  for (const auto& [shape, n] : kShapeNames)
    if (name == n) return shape;
  std::string known;
  for (const auto& e : kShapeNames) known += std::string(known.empty() ? "" : ", ") + e.second;
  throw ConfigError("invalid " + key + " = '" + name + "': allowed " + known);
}

std::string objectBackgroundName(ObjectBackground b) {
  return b == ObjectBackground::Source  ? "source"
         : b == ObjectBackground::Color ? "color"
                                        : "black";
}

ObjectBackground parseObjectBackground(const std::string& name, const std::string& key) {
  for (auto b : {ObjectBackground::Source, ObjectBackground::Color, ObjectBackground::Black})
    if (name == objectBackgroundName(b)) return b;
  throw ConfigError("invalid " + key + " = '" + name + "': allowed source, color, black");
}

void validate(const ObjectParams& p) {
  for (const auto& f : objectNumberFields()) {
    const double lo = p.*f.value;
    if (!f.hi_value) {
      checkBound(f.key, lo, f.lo, f.hi);
      continue;
    }
    const double hi = p.*f.hi_value;
    checkBound(std::string(f.key) + "[0]", lo, f.lo, f.hi);
    checkBound(std::string(f.key) + "[1]", hi, f.lo, f.hi);
    if (lo > hi)
      throw ConfigError("invalid " + kPrefix + f.key + ": need lo <= hi, got [" +
                        std::to_string(lo) + ", " + std::to_string(hi) + "]");
    if (f.integer && (lo != std::floor(lo) || hi != std::floor(hi)))
      throw ConfigError("invalid " + kPrefix + f.key + ": need whole numbers");
  }
  if (p.shapes.empty()) throw ConfigError("invalid " + kPrefix + "shapes: the list is empty");
  const auto& cameras = objectCameraNames();
  if (std::find(cameras.begin(), cameras.end(), p.camera) == cameras.end())
    throw ConfigError("invalid " + kPrefix + "camera = '" + p.camera +
                      "': allowed none, sliding_window, zoom, affine, perspective");
}

nlohmann::json toJson(const ObjectParams& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& f : objectNumberFields())
    j[f.key] = f.hi_value ? nlohmann::json::array({p.*f.value, p.*f.hi_value})
                          : nlohmann::json(p.*f.value);
  nlohmann::json shapes = nlohmann::json::array();
  for (auto s : p.shapes) shapes.push_back(objectShapeName(s));
  j["shapes"] = shapes;
  j["background"] = objectBackgroundName(p.background);
  j["camera"] = p.camera;
  return j;
}

void readObjectParams(const nlohmann::json& j, ObjectParams& p) {
  if (!j.is_object()) throw ConfigError("invalid pmg.params.objects: expected an object");
  requireKnownKeys(j, objectParamKeys(), "pmg.params.objects");
  for (const auto& f : objectNumberFields()) {
    if (!j.contains(f.key)) continue;
    const auto& v = j.at(f.key);
    if (f.hi_value) {
      if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
        throw ConfigError("invalid " + kPrefix + f.key + ": expected [lo, hi] numbers");
      p.*f.value = v[0].get<double>();
      p.*f.hi_value = v[1].get<double>();
    } else {
      if (!v.is_number()) throw ConfigError("invalid " + kPrefix + f.key + ": expected a number");
      p.*f.value = v.get<double>();
    }
  }
  auto text = [&](const char* key) {
    if (!j.at(key).is_string()) throw ConfigError("invalid " + kPrefix + key + ": expected a name");
    return j.at(key).get<std::string>();
  };
  if (j.contains("shapes")) {
    if (!j.at("shapes").is_array())
      throw ConfigError("invalid " + kPrefix + "shapes: expected a list");
    p.shapes.clear();
    for (const auto& s : j.at("shapes")) {
      if (!s.is_string()) throw ConfigError("invalid " + kPrefix + "shapes: expected names");
      p.shapes.push_back(parseObjectShape(s.get<std::string>(), kPrefix + "shapes[]"));
    }
  }
  if (j.contains("background"))
    p.background = parseObjectBackground(text("background"), kPrefix + "background");
  if (j.contains("camera")) p.camera = text("camera");
}

}  // namespace config
}  // namespace pmg
