#include "imgui_qt/imgui_layout.h"

#include <algorithm>

namespace pmg::gui {

namespace {

/// Moves/shrinks the current window so that it stays inside the display.
void keepWindowInside() {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  if (d.x <= 0 || d.y <= 0) return;
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  const ImVec2 size(std::min(s.x, d.x), std::min(s.y, d.y));
  const ImVec2 pos(std::clamp(p.x, 0.0f, std::max(0.0f, d.x - size.x)),
                   std::clamp(p.y, 0.0f, std::max(0.0f, d.y - size.y)));
  if (size.x != s.x || size.y != s.y) ImGui::SetWindowSize(size);
  if (pos.x != p.x || pos.y != p.y) ImGui::SetWindowPos(pos);
}

}  // namespace

void ImGuiLayout::begin(const char* name, float fx, float fy, float fw, float fh) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const bool place = force_ && automatic_;
  const ImGuiCond cond = place ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(d.x * fx + 4, d.y * fy + 4), cond);
  ImGui::SetNextWindowSize(ImVec2(std::max(120.0f, d.x * fw - 8), std::max(80.0f, d.y * fh - 8)),
                           cond);
  ImGui::Begin(name);
  keepWindowInside();
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  const ImVec4 now(p.x, p.y, s.x, s.y);
  const auto it = last_.find(name);
  if (!place && it != last_.end() &&
      (it->second.x != now.x || it->second.y != now.y || it->second.z != now.z ||
       it->second.w != now.w))
    automatic_ = false;  // the user moved or resized it: keep their layout from now on
  last_[name] = now;
}

void ImGuiLayout::recordItem(const std::string& id) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  items_[id] = ImVec4(a.x, a.y, b.x, b.y);
}

bool ImGuiLayout::itemRect(const std::string& id, ImVec4* rect) const {
  const auto it = items_.find(id);
  if (it == items_.end()) return false;
  *rect = it->second;
  return true;
}

}  // namespace pmg::gui
