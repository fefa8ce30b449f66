// The `objects` block of a PMG config (pmg.params.objects): its value type and one field
// table that the JSON writer, the strict reader, validation and the GUI rows all walk. The
// engine that draws and paints the objects is pmg/motion/object_motion.h.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace config {

/// The shapes an object can take; Cutout is a rectangular piece of the image moving as a whole.
enum class ObjectShape {
  Circle,
  Square,
  OrientedSquare,
  Rectangle,
  Triangle,
  Quadrilateral,
  Cutout
};

/// What is behind the objects.
enum class ObjectBackground { Source, Color, Black };

/// Ranges of the object generator. Lengths are fractions of the clip side and rates are per
/// frame, so a config means the same motion at any clip size.
struct ObjectParams {
  double count_min = 8, count_max = 24;        ///< objects per clip, drawn uniformly (integers)
  double radius_min = 0.05, radius_max = 0.5;  ///< object radius, fraction of the side
  double radius_sigma = 3.0;  ///< radius density ~ r^-sigma (dead leaves; 3 in the reference)
  double speed_min = 1.2 / 256, speed_max = 3.0 / 256;  ///< fraction of the side per frame
  double acceleration = 0.03 / 256;   ///< |acceleration| bound, fraction of the side per frame^2
  double spin_deg = 1.8;              ///< |rotation rate| bound, degrees per frame (pi/100 rad)
  double scale_rate = 0.005;          ///< |x and y scale rate| bound, per frame
  double shear_rate = 0.005;          ///< |x and y shear rate| bound, per frame
  double textured_probability = 1.0;  ///< chance an object carries a piece of the image
  std::vector<ObjectShape> shapes = {ObjectShape::Circle,         ObjectShape::Square,
                                     ObjectShape::OrientedSquare, ObjectShape::Rectangle,
                                     ObjectShape::Triangle,       ObjectShape::Quadrilateral};
  ObjectBackground background = ObjectBackground::Source;
  std::string camera = "none";  ///< a global transform moving the background: none or a name
  double active_min = 1.0, active_max = 1.0;  ///< fraction of the clip during which objects move
  double shake = 0.0;  ///< camera-shake amplitude bound, fraction of the side (0 = off)
};

/// A number of the objects block: a single value, or a [lo, hi] pair when `hi_value` is set.
struct ObjectNumberField {
  const char* key;                           ///< JSON key under pmg.params.objects
  const char* label;                         ///< GUI row label
  double ObjectParams::*value;               ///< the value, or the pair's lower end
  double ObjectParams::*hi_value = nullptr;  ///< the pair's upper end (nullptr: single value)
  double lo = 0.0, hi = 0.0;                 ///< allowed values (validation, files)
  float ui_lo = 0.0f, ui_hi = 0.0f;          ///< GUI slider bounds, within [lo, hi]
  bool integer = false;                      ///< whole numbers only (count)
  const char* help = "";                     ///< one line for tooltips and docs
};

/// The numbers of the objects block, in GUI order.
const std::vector<ObjectNumberField>& objectNumberFields();

/// Every key the objects block may hold (numbers, then shapes, background, camera).
std::vector<std::string> objectParamKeys();

/// Every shape and every camera motion, in GUI order.
const std::vector<ObjectShape>& allObjectShapes();
const std::vector<std::string>& objectCameraNames();

/// Names: "circle", "square", "oriented_square", "rectangle", "triangle", "quadrilateral",
/// "cutout"; "source", "color", "black".
std::string objectShapeName(ObjectShape s);
ObjectShape parseObjectShape(const std::string& name, const std::string& key);
std::string objectBackgroundName(ObjectBackground b);
ObjectBackground parseObjectBackground(const std::string& name, const std::string& key);

/// Checks every value; throws ConfigError naming the key (pmg.params.objects.*) and its range.
void validate(const ObjectParams& p);
/// JSON of the params (all fields).
nlohmann::json toJson(const ObjectParams& p);
/// Reads params on top of `out`; unknown keys and wrong types are errors naming the key.
void readObjectParams(const nlohmann::json& j, ObjectParams& out);

}  // namespace config
}  // namespace pmg
