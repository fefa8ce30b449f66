// Dear ImGui platform backend for a Qt widget (Qt 6, ImGui 1.86 legacy IO).
// Platform only: rendering uses ImGui's stock imgui_impl_opengl3.
// Features: mouse (buttons, wheel, position), keyboard (key map, modifiers, text),
// focus, clipboard, cursor shape. Events are queued per widget and applied in
// NewFrame, so several ImGui contexts can coexist. All version-specific ImGui
// input code lives in imgui_impl_qt.cpp.
#pragma once
class QWidget;

/// Installs the event filter on `widget` and sets up the current ImGui context's IO.
bool ImGui_ImplQt_Init(QWidget* widget);
/// Removes the event filter.
void ImGui_ImplQt_Shutdown();
/// Applies queued input, display size and delta time; call before ImGui::NewFrame().
void ImGui_ImplQt_NewFrame();
