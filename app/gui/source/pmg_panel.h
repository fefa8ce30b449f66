// The ImGui PMG parameter panel: transform set, every Appendix D parameter with a
// reset button and a tooltip, seed/reroll, recursion mode, frames/size, motion stats.
#pragma once
#include "imgui_qt/imgui_layout.h"
#include "source/pmg_preview.h"

namespace pmg::gui {

/// Draws the panel (placed by `layout`); returns true when the clip was regenerated.
bool drawPmgPanel(PmgPreview& preview, ImGuiLayout& layout);

}  // namespace pmg::gui
