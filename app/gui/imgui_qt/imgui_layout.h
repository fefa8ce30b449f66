// Placement of the viewport's ImGui windows. Until the user moves or resizes one, the
// windows follow a proportional layout of the viewport (re-applied when it resizes), so
// they fit any window size; after that the user's layout is kept (and saved in ImGui's
// ini file), only clamped so that no window leaves the viewport.
#pragma once
#include <imgui.h>

#include <map>
#include <string>

namespace pmg::gui {

class ImGuiLayout {
 public:
  /// Begins window `name` placed at (fx, fy) with size (fw, fh), in fractions of the
  /// viewport. Call ImGui::End() after it as usual.
  void begin(const char* name, float fx, float fy, float fw, float fh);
  /// Applies the proportional layout on the next frame (after a resize or a reset).
  void relayout() { force_ = true; }
  /// Ends a frame's placement (call once per frame, after every window).
  void endFrame() { force_ = false; }
  /// True while the windows follow the proportional layout.
  bool automatic() const { return automatic_; }
  void setAutomatic(bool on) {
    automatic_ = on;
    if (on) force_ = true;
  }
  /// Remembers where the last item drawn is, under `id` (so tests and tools can point
  /// real input events at a control).
  void recordItem(const std::string& id);
  /// The rectangle (x0, y0, x1, y1 in viewport pixels) of a recorded item; false if none.
  bool itemRect(const std::string& id, ImVec4* rect) const;

 private:
  bool automatic_ = true, force_ = true;
  std::map<std::string, ImVec4> last_;   ///< pos and size after the previous frame
  std::map<std::string, ImVec4> items_;  ///< recorded item rectangles
};

}  // namespace pmg::gui
