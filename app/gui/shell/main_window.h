// Main window: the OpenGL/ImGui viewport in the centre and dockable Qt panels
// (Source, Shaders, Training, Experiments, Reconstruction, Log). Every dock scrolls or splits
// rather than growing the window, so it fits 1280x720 and up; the dock layout, the
// PMG settings and the panels' state persist in QSettings, with View > Reset layout.
#pragma once
#include <QMainWindow>
#include <memory>

#include "source/pmg_preview.h"

class QListWidget;
class QPlainTextEdit;
class QLineEdit;
class QDoubleSpinBox;
class QProcess;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace pmg::render {
class OffscreenRenderer;
class ProbeWorker;
}  // namespace pmg::render

namespace pmg::gui {

class ViewportWidget;
class TrainingPanel;
class ReconstructionPanel;
class ShaderEditorPanel;
class ExperimentPanel;

/// Requests GL 3.3 core for every Qt GL surface; call before constructing QApplication.
void useCoreProfileByDefault();

/// What closing the window does with live training runs.
enum class CloseRuns { Ask, KeepTraining, StopRuns };

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
  ShaderEditorPanel* shaderPanel() { return shader_panel_; }
  ExperimentPanel* experiments() { return experiments_; }
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
  /// Checks the editor text in the shader worker; "" when ok, else the reason.
  QString compileEditor();
  /// Restores the dock layout of a fresh start (View > Reset layout).
  void resetLayout();
  /// What closing does with live runs (Ask shows a dialog; tests choose directly).
  void setCloseRuns(CloseRuns choice) { close_runs_ = choice; }
  /// The status bar's text.
  QString statusText() const;

 protected:
  void closeEvent(class QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();            ///< every dock, then the signals between them
  void buildSourceDock();       ///< shader library, search, shader time, open image
  void buildShadersDock();      ///< the GLSL editor
  void buildRunDocks();         ///< Training and Reconstruction
  void buildExperimentsDock();  ///< Experiments
  void buildLogDock();          ///< Log, and the dock tabs
  void connectAcrossDocks();    ///< viewport, training and reconstruction messages
  void addDock(const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area,
               bool scroll);
  void saveState() const;
  void applyDefaultProportions();
  void restoreSavedState();
  void showSourceStatus();
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
  /// Compiles `source` in the viewport's context and, if time >= 0, renders it at that time
  /// (the built-in library only: it is trusted).
  cv::Mat renderShaderText(const std::string& source, double time, QString* error);
  /// Renders a user's shader at `time` in the shader worker (256 px); empty + error if not.
  cv::Mat renderUserShader(const std::string& text, double time, QString* error);

  PmgPreview preview_;
  ViewportWidget* viewport_ = nullptr;
  TrainingPanel* training_ = nullptr;
  ReconstructionPanel* reconstruction_ = nullptr;
  ShaderEditorPanel* shader_panel_ = nullptr;
  ExperimentPanel* experiments_ = nullptr;
  QListWidget* library_ = nullptr;
  QLineEdit* filter_ = nullptr;
  QDoubleSpinBox* shader_time_ = nullptr;
  QPlainTextEdit* log_ = nullptr;
  QLabel* status_ = nullptr;
  QProcess* job_ = nullptr;
  QProgressBar* job_progress_ = nullptr;
  QPushButton* job_cancel_ = nullptr;
  QByteArray default_state_;
  CloseRuns close_runs_ = CloseRuns::Ask;
  std::unique_ptr<render::OffscreenRenderer> shader_renderer_;
  std::unique_ptr<render::ProbeWorker> source_worker_;
};

}  // namespace pmg::gui
