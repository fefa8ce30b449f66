// Reconstruction dock: pick a snapshot of the selected run or reconstruct any clip
// (video file or image) with `pmg reconstruct`; shows the figure (original / masked /
// reconstruction / heatmap for every frame) and exports it.
#pragma once
#include <QWidget>
#include <functional>
#include <memory>

#include "pmg/clip.h"
#include "pmg/reconstruction_figure.h"

class QListWidget;
class QLabel;
class QProcess;
class QSlider;

namespace pmg::gui {

class ReconstructionPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ReconstructionPanel(QWidget* parent = nullptr);
  /// Lists the snapshots of `run_dir`.
  void setRun(const QString& run_dir);
  /// Shows a figure.png.
  bool showFigure(const QString& path);
  /// Runs `pmg reconstruct` on `input` for the current run; the figure appears when done.
  void reconstruct(const QString& input);
  /// Shows frame t of the loaded reconstruction with the heatmap at `opacity` (0..1).
  void showFrame(int t, double opacity);
  /// Source of "Reconstruct PMG clip": the clip playing in the viewport.
  void setCurrentClipSource(std::function<Clip()> source) { current_clip_ = std::move(source); }
  /// Writes the loaded reconstruction as an MP4 (panels side by side, current opacity).
  bool exportVideo(const QString& path);
  /// Frames of the loaded reconstruction (0 if none).
  int frames() const { return panels_ ? panels_->original.frames : 0; }
  /// Path of the figure shown ("" if none).
  const QString& figurePath() const { return figure_; }

 signals:
  void logMessage(const QString& line);

 private:
  QString run_, figure_;
  QListWidget* snapshots_;
  QLabel *image_, *frame_view_, *frame_info_;
  QSlider *frame_slider_, *opacity_slider_;
  std::unique_ptr<ReconstructionPanels> panels_;
  QProcess* process_;
  std::function<Clip()> current_clip_;
};

}  // namespace pmg::gui
