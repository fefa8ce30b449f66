// Placement of the viewport's ImGui windows: first-use positions as fractions of the
// viewport (so they fit any window size) and a clamp that keeps a window reachable
// after the viewport shrinks. Call between ImGui::Begin and ImGui::End.
#pragma once
#include <imgui.h>

#include <algorithm>

namespace pmg::gui {

/// Sets the next window's first-use (or, with `force`, current) rectangle in fractions
/// of the display: x, y, width, height in [0, 1].
inline void placeNextWindow(float fx, float fy, float fw, float fh, bool force) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const ImGuiCond cond = force ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(d.x * fx + 6, d.y * fy + 6), cond);
  ImGui::SetNextWindowSize(ImVec2(std::max(120.0f, d.x * fw - 12), std::max(80.0f, d.y * fh - 12)),
                           cond);
}

/// Moves/shrinks the current window so that it stays inside the display.
inline void keepWindowInside() {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  if (d.x <= 0 || d.y <= 0) return;
  ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  const ImVec2 size(std::min(s.x, d.x), std::min(s.y, d.y));
  const ImVec2 pos(std::clamp(p.x, 0.0f, std::max(0.0f, d.x - size.x)),
                   std::clamp(p.y, 0.0f, std::max(0.0f, d.y - size.y)));
  if (size.x != s.x || size.y != s.y) ImGui::SetWindowSize(size);
  if (pos.x != p.x || pos.y != p.y) ImGui::SetWindowPos(pos);
}

}  // namespace pmg::gui
