// Reconstruction dock: the selected run's snapshots (kept current while it trains) and
// reconstructions of any clip with a checkpoint chosen explicitly; every result is
// kept (history) and names the weights it used, in the panel and in every export.
// Shows frame by frame (original / masked / reconstruction / loss heatmap) with a
// scrubber and heatmap opacity, or the whole-clip figure; exports titled PNG and MP4.
#pragma once
#include <QWidget>
#include <functional>
#include <memory>

#include "pmg/base/clip.h"
#include "pmg/figures/reconstruction_figure.h"

class QListWidget;
class QComboBox;
class QLabel;
class QProcess;
class QSlider;
class QTimer;

namespace pmg::gui {

class ReconstructionPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ReconstructionPanel(QWidget* parent = nullptr);
  /// Lists the snapshots, checkpoints and reconstructions of `run_dir`.
  void setRun(const QString& run_dir);
  /// Shows the result in folder `dir` (a snapshot or a reconstruction).
  bool showResult(const QString& dir);
  /// Shows a figure.png and the arrays beside it (compatibility: its folder's result).
  bool showFigure(const QString& path) { return showResult(QFileInfoDir(path)); }
  /// Runs `pmg reconstruct` on `input` with the chosen checkpoint; the result appears
  /// when done and is added to the history.
  void reconstruct(const QString& input);
  /// Chooses the checkpoint for reconstructions ("step-N" or "" = the run's latest).
  bool setCheckpoint(const QString& name);
  /// Checkpoint names of the run, newest first.
  QStringList checkpoints() const;
  /// Shows frame t of the loaded result with the heatmap at `opacity` (0..1).
  void showFrame(int t, double opacity);
  /// Source of "Reconstruct PMG clip": the clip playing in the viewport.
  void setCurrentClipSource(std::function<Clip()> source) { current_clip_ = std::move(source); }
  /// Writes the loaded result as an MP4 of titled frames; false on failure.
  bool exportVideo(const QString& path);
  /// Writes the whole-clip figure at the current opacity with its title as a PNG.
  bool exportPng(const QString& path);
  /// Frames of the loaded result (0 if none).
  int frames() const { return panels_ ? panels_->original.frames : 0; }
  /// Path of the figure shown ("" if none).
  const QString& figurePath() const { return figure_; }
  /// What the shown result is and which weights made it, e.g.
  /// "run r1 | snapshot step-50 | training batch, weights of step 50".
  QString resultTitle() const { return title_; }
  /// True while `pmg reconstruct` runs.
  bool busy() const;

 signals:
  void logMessage(const QString& line);

 private:
  QWidget* buildSources();         ///< left: snapshots, weights, Reconstruct buttons, history
  QWidget* buildViewer();          ///< right: the figure, frame scrubber, opacity, exports
  void watchReconstructProcess();  ///< the `pmg reconstruct` child and what its end shows
  static QString QFileInfoDir(const QString& figure_path);
  void refreshLists();
  QString run_, figure_, title_, pending_dir_, pending_title_;
  QListWidget *snapshots_, *history_;
  QComboBox* checkpoint_;
  QLabel *frame_view_, *frame_info_, *title_label_;
  QSlider *frame_slider_, *opacity_slider_;
  std::unique_ptr<ReconstructionPanels> panels_;
  QProcess* process_;
  QTimer* poll_;
  std::function<Clip()> current_clip_;
};

}  // namespace pmg::gui
