// The objects section of the PMG panel: every ObjectParams value with a tooltip and a reset.
#pragma once
#include "pmg/config/object_params.h"

namespace pmg::gui {

/// Draws the object generator's parameters; returns true if one changed.
bool drawObjectParams(ObjectParams& p);

}  // namespace pmg::gui
