#include "source/pmg_objects_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "imgui_qt/imgui_rows.h"

namespace pmg::gui {

namespace {

/// Checkboxes for the shapes; at least one stays selected.
bool shapeBoxes(ObjectParams& p) {
  bool changed = false;
  const auto& all = allObjectShapes();
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
  for (const auto& f : objectNumberFields()) {  // one row per field of the objects table
    if (!f.hi_value) {
      changed |= valueRow(f.label, p.*f.value, d.*f.value, f.ui_lo, f.ui_hi, f.help);
      continue;
    }
    double lo = p.*f.value, hi = p.*f.hi_value;
    if (pairRow(f.label, lo, hi, d.*f.value, d.*f.hi_value, f.ui_lo, f.ui_hi, f.help)) {
      if (f.integer) {
        lo = std::round(lo);
        hi = std::max(lo, std::round(hi));
      }
      p.*f.value = lo;
      p.*f.hi_value = hi;
      changed = true;
    }
  }
  int bg = int(p.background);
  if (ImGui::Combo("background", &bg, "source image\0plain colour\0black\0")) {
    p.background = ObjectBackground(bg);
    changed = true;
  }
  const auto& cameras = objectCameraNames();
  int camera = 0;
  for (int i = 0; i < int(cameras.size()); ++i)
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
