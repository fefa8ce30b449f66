#include "imgui_qt/imgui_rows.h"

#include <imgui.h>

#include <algorithm>

namespace pmg::gui {

namespace {
ImGuiLayout* g_layout = nullptr;  ///< the layout of the panel being drawn (records controls)
}  // namespace

void setRowLayout(ImGuiLayout* layout) {
  g_layout = layout;
}

bool rangeRow(const char* label, Range& r, const Range& def, float lo, float hi, const char* tip) {
  return pairRow(label, r.lo, r.hi, def.lo, def.hi, lo, hi, tip);
}

bool pairRow(const char* label, double& lo_value, double& hi_value, double def_lo, double def_hi,
             float lo, float hi, const char* tip) {
  ImGui::PushID(label);
  float v[2] = {float(lo_value), float(hi_value)};
  bool changed = ImGui::SliderFloat2(label, v, lo, hi, "%.4g");
  if (g_layout) g_layout->recordItem(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  if (ImGui::SmallButton("reset")) {
    v[0] = float(def_lo);
    v[1] = float(def_hi);
    changed = true;
  }
  if (changed) {
    lo_value = std::min(v[0], v[1]);
    hi_value = std::max(v[0], v[1]);
  }
  ImGui::PopID();
  return changed;
}

bool valueRow(const char* label, double& x, double def, float lo, float hi, const char* tip) {
  ImGui::PushID(label);
  float v = float(x);
  bool changed = ImGui::SliderFloat(label, &v, lo, hi, "%.4g");
  if (g_layout) g_layout->recordItem(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  if (ImGui::SmallButton("reset")) {
    v = float(def);
    changed = true;
  }
  if (changed) x = v;
  ImGui::PopID();
  return changed;
}

}  // namespace pmg::gui
