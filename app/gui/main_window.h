// Main window: the OpenGL/ImGui viewport in the centre and dockable Qt panels
// (Source, Shaders, Generate, Log). Settings and layout persist via QSettings.
#pragma once
#include <QMainWindow>
#include <QTimer>
#include <future>
#include <memory>

#include "pmg_preview.h"

class QListWidget;
class QPlainTextEdit;
class QLineEdit;
class QDoubleSpinBox;
class QProcess;
class QLabel;
class QMenu;

namespace pmg::render {
class OffscreenRenderer;
class ProbeWorker;
}  // namespace pmg::render

namespace pmg::gui {

class ViewportWidget;
class TrainingPanel;
class ReconstructionPanel;

/// Requests GL 3.3 core for every Qt GL surface; call before constructing QApplication.
void useCoreProfileByDefault();

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow();
  ~MainWindow() override;
  /// The preview state (for tests).
  PmgPreview& preview() { return preview_; }
  ViewportWidget* viewport() { return viewport_; }
  TrainingPanel* training() { return training_; }
  ReconstructionPanel* reconstruction() { return reconstruction_; }
  /// Renders library shader `index` as the mix partner (second source of mixup / VideoMix).
  bool useLibraryShaderAsPartner(int index);
  /// Renders library shader `index` at the chosen time and makes it the PMG source.
  bool useLibraryShader(int index);
  /// Opens an image, image folder (first readable image), video (a random frame: PMG-Aug),
  /// .glsl shader or run directory, by what the path is; remembers it in File > Recent.
  /// Returns false (and logs why) when it cannot be used.
  bool openPath(const QString& path);
  /// Saves one PNG per panel (main window, viewport, each dock) into `dir`;
  /// returns the files written.
  QStringList savePanelScreenshots(const QString& dir);
  /// Compiles and times the editor text in the shader worker process; returns the
  /// driver summary or the reason it was rejected ("" when ok).
  QString compileEditor();
  /// The debounced compile-on-edit: same check on a background thread; the GUI never waits.
  void compileEditorInBackground();
  /// Lists the errors and marks their lines in the editor (red background).
  void showEditorErrors(const QString& error);

 protected:
  void closeEvent(class QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();
  void openImage();
  void openFolder();
  void openVideo();
  void openShader();
  void openRun();
  void updateRecentMenu();
  QMenu* recent_menu_ = nullptr;
  void savePreset();
  void loadPreset();
  void generateDataset();
  void renderDataset();
  void cancelJob();
  bool startJob(const QStringList& args);
  void makeThumbnails();
  void log(const QString& line);
  /// Compiles `source` in the viewport's context and, if time >= 0, renders it at that time.
  cv::Mat renderShaderText(const std::string& source, double time, QString* error);

  PmgPreview preview_;
  ViewportWidget* viewport_ = nullptr;
  TrainingPanel* training_ = nullptr;
  ReconstructionPanel* reconstruction_ = nullptr;
  QListWidget* library_ = nullptr;
  QLineEdit* filter_ = nullptr;
  QDoubleSpinBox* shader_time_ = nullptr;
  QPlainTextEdit* editor_ = nullptr;
  QPlainTextEdit* errors_ = nullptr;
  QPlainTextEdit* log_ = nullptr;
  QLabel* status_ = nullptr;
  QTimer compile_timer_;
  QProcess* job_ = nullptr;
  std::unique_ptr<render::OffscreenRenderer> shader_renderer_;
  std::unique_ptr<render::ProbeWorker> probe_;
  std::future<void> background_check_;
  bool recheck_ = false;
};

}  // namespace pmg::gui
