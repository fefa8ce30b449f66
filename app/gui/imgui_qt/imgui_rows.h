// ImGui rows shared by the PMG panels: a slider with a tooltip and a reset-to-default button.
#pragma once
#include "imgui_qt/imgui_layout.h"
#include "pmg/config/pmg_config.h"

namespace pmg::gui {

/// The layout that records the rows' controls (for tests and screenshots); may be null.
void setRowLayout(ImGuiLayout* layout);

/// A range slider [lo, hi] with a tooltip and a reset button; true if changed.
bool rangeRow(const char* label, Range& r, const Range& def, float lo, float hi, const char* tip);

/// A pair of doubles edited as a range (lo <= hi kept); true if changed.
bool pairRow(const char* label, double& lo_value, double& hi_value, double def_lo, double def_hi,
             float lo, float hi, const char* tip);

/// A value slider with a tooltip and a reset button; true if changed.
bool valueRow(const char* label, double& x, double def, float lo, float hi, const char* tip);

}  // namespace pmg::gui
