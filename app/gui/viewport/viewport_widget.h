// Central OpenGL viewport: plays the PMG clip and hosts the Dear ImGui tuning
// panels (PMG parameters, playback, motion statistics). Redraws on input and
// while a clip plays, not in a busy loop.
#pragma once
#include <QElapsedTimer>
#include <QOpenGLWidget>
#include <QTimer>
#include <memory>
#include <string>

#include "imgui_qt/imgui_layout.h"
#include "source/pmg_preview.h"

struct ImGuiContext;

namespace pmg::gui {

class ViewportWidget : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit ViewportWidget(PmgPreview* preview, QWidget* parent = nullptr);
  ~ViewportWidget() override;
  /// Uploads the preview's current frames again (after a source/config change).
  void clipChanged();
  /// Shows `source` (+ shared `common` code) in the live shader preview window. Call only
  /// with code that passed the probe worker (or the trusted library): it runs in this context.
  void setPreviewShader(const std::string& source, const std::string& common);
  /// Why the shader preview could not draw its program ("" when it did).
  const std::string& previewError() const { return preview_error_; }
  /// True once the worker delivered a preview frame.
  bool previewHasFrame() const { return preview_has_frame_; }
  /// Number of frames painted so far (for tests).
  long paintedFrames() const { return painted_; }
  /// True while playback is throttled for a live training run (and not overridden).
  bool throttled() const { return training_active_ && !throttle_override_; }
  /// Allows full-speed playback while training (the panel's "full speed" button).
  void setThrottleOverride(bool on) { throttle_override_ = on; }
  /// Where an ImGui control was last drawn (e.g. "zoom small", "weight zoom"), in widget
  /// pixels; empty if it was not drawn.
  QRectF controlRect(const std::string& id) const;
  /// Puts the ImGui windows back at their default places on the next frame.
  void resetPanelLayout();

 public slots:
  /// A training run is alive (playback throttles to 2 fps unless overridden) or not.
  void setTrainingActive(bool active);

 signals:
  /// Emitted when the user edits PMG settings in the ImGui panel.
  void configEdited();
  /// "Training view" was pressed: show clips at the training model's frames and size.
  void trainingViewRequested();
  /// Emitted with a log line.
  void logMessage(const QString& line);
  /// Emitted (context current) just before the GL context goes away, e.g. when the
  /// window is re-parented or the driver resets: release other GL objects here.
  void contextAboutToBeLost();

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;

 private:
  void cleanup();
  void drawPanels();
  void uploadFrame();
  void drawShaderPreview();
  PmgPreview* preview_;
  ImGuiContext* imgui_ = nullptr;
  QTimer timer_;
  QElapsedTimer clock_, clock_total_;
  unsigned texture_ = 0, filmstrip_texture_ = 0;
  float display_aspect_ = 1.0f, filmstrip_aspect_ = 16.0f;
  int uploaded_frame_ = -1;
  bool dirty_clip_ = true;
  long painted_ = 0;
  std::string ini_path_;
  bool training_active_ = false, throttle_override_ = false;
  ImGuiLayout layout_;
  float preview_mouse_[4] = {0, 0, 0, 0};
  const unsigned char* channel_data_ = nullptr;
  double draw_ms_ = 0.0, shown_fps_ = 0.0, last_preview_draw_ = 0.0;
  float requested_time_ = -1.0f, requested_mouse_[4] = {0, 0, 0, 0};
  int requested_size_ = 0;
  unsigned preview_texture_ = 0;
  bool preview_has_frame_ = false;
  double throttle_wait_ = 0.0;
  std::string preview_source_, preview_common_, preview_error_;
  bool preview_dirty_ = false, preview_playing_ = false;
  float preview_time_ = 2.0f, preview_speed_ = 1.0f;
  int preview_size_ = 256;
  std::unique_ptr<class ShaderPreviewClient> preview_client_;
};

}  // namespace pmg::gui
