#include "pmg_objects_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "imgui_rows.h"

namespace pmg::gui {

namespace {

/// Checkboxes for the shapes; at least one stays selected.
bool shapeBoxes(ObjectParams& p) {
  bool changed = false;
  const ObjectShape all[] = {ObjectShape::Circle,         ObjectShape::Square,
                             ObjectShape::OrientedSquare, ObjectShape::Rectangle,
                             ObjectShape::Triangle,       ObjectShape::Quadrilateral,
                             ObjectShape::Cutout};
  int column = 0;
  for (ObjectShape s : all) {
    bool on = std::find(p.shapes.begin(), p.shapes.end(), s) != p.shapes.end();
    if (column++ % 3) ImGui::SameLine();
    if (ImGui::Checkbox(objectShapeName(s).c_str(), &on)) {
      std::vector<ObjectShape> next;
      for (ObjectShape k : all) {
        const bool keep =
            k == s ? on : std::find(p.shapes.begin(), p.shapes.end(), k) != p.shapes.end();
        if (keep) next.push_back(k);
      }
      if (!next.empty()) {
        p.shapes = next;
        changed = true;
      }
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Shapes drawn (reference: the first six; cutout = a piece of the image)");
  return changed;
}

}  // namespace

bool drawObjectParams(ObjectParams& p) {
  const ObjectParams d;
  bool changed = false;
  double count_lo = p.count_min, count_hi = p.count_max;
  if (pairRow("objects K", count_lo, count_hi, d.count_min, d.count_max, 1, 64,
              "Objects per clip, drawn uniformly; painted back to front (dead leaves)")) {
    p.count_min = std::round(count_lo);
    p.count_max = std::max(p.count_min, std::round(count_hi));
    changed = true;
  }
  changed |= pairRow("radius", p.radius_min, p.radius_max, d.radius_min, d.radius_max, 0.005f, 1.0f,
                     "Object radius as a fraction of the side; density r^-sigma");
  changed |= valueRow("radius sigma", p.radius_sigma, d.radius_sigma, 0.0f, 6.0f,
                      "Power-law exponent of the radii (3 in the reference code)");
  changed |= pairRow("speed", p.speed_min, p.speed_max, d.speed_min, d.speed_max, 0.0f, 0.05f,
                     "Speed, fraction of the side per frame (reference: 1.2-3 px at 256 px)");
  changed |= valueRow("acceleration", p.acceleration, d.acceleration, 0.0f, 0.002f,
                      "|acceleration| along the direction, fraction of the side per frame^2");
  changed |= valueRow("spin (deg)", p.spin_deg, d.spin_deg, 0.0f, 10.0f,
                      "|rotation rate| in degrees per frame (reference: pi/100 rad)");
  changed |= valueRow("scale rate", p.scale_rate, d.scale_rate, 0.0f, 0.03f,
                      "|x and y scale rate| per frame (reference 0.005)");
  changed |= valueRow("shear rate", p.shear_rate, d.shear_rate, 0.0f, 0.03f,
                      "|x and y shear rate| per frame (reference 0.005)");
  changed |= valueRow("P(textured)", p.textured_probability, d.textured_probability, 0.0f, 1.0f,
                      "Chance an object carries a piece of the source image; else a plain colour");
  changed |= pairRow("active", p.active_min, p.active_max, d.active_min, d.active_max, 0.0f, 1.0f,
                     "Fraction of the clip during which each object moves (frozen otherwise)");
  changed |= valueRow("camera shake", p.shake, d.shake, 0.0f, 0.05f,
                      "Hand-held camera amplitude, fraction of the side (0 = off)");
  int bg = int(p.background);
  if (ImGui::Combo("background", &bg, "source image\0plain colour\0black\0")) {
    p.background = ObjectBackground(bg);
    changed = true;
  }
  const char* cameras[] = {"none", "sliding_window", "zoom", "affine", "perspective"};
  int camera = 0;
  for (int i = 0; i < 5; ++i)
    if (p.camera == cameras[i]) camera = i;
  if (ImGui::Combo("camera motion", &camera, "none\0sliding window\0zoom\0affine\0perspective\0")) {
    p.camera = cameras[camera];
    changed = true;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A global transform moving the source background under the objects");
  changed |= shapeBoxes(p);
  return changed;
}

}  // namespace pmg::gui
