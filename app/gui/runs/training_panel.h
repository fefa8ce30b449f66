// Training dock: a config form that shows the exact `pmg train` command, Launch /
// Stop / Resume of detached runs (they outlive the GUI; run_launcher.h), a runs list
// with each run's live state from its heartbeat, re-attached after a restart, and the
// run dashboard (run_charts.h) overlaying the selected runs. The form and the runs
// list persist in QSettings.
#pragma once
#include <QFormLayout>
#include <QWidget>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pmg/config/pmg_config.h"
#include "runs/run_monitor.h"

class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QLineEdit;
class QLabel;
class QListWidget;
class QPushButton;
class QTimer;

namespace pmg::gui {

class RunCharts;

class TrainingPanel : public QWidget {
  Q_OBJECT
 public:
  /// `pmg_config` returns the PMG settings of the PMG panel when a run is launched.
  TrainingPanel(std::function<PmgConfig()> pmg_config, QWidget* parent = nullptr);
  ~TrainingPanel() override;
  /// The arguments of `pmg train` for the current form (without the program).
  QStringList commandArguments(const QString& run_dir) const;
  /// Sets the main form fields (used by tests and scripted setups).
  void setForm(const QString& model, int steps, int batch, int snapshot_every, int threads);
  /// Sets preset ("" = none), sources ("a:0.5; b:0.5"), device and process count.
  void setPlacement(const QString& preset, const QString& sources, const QString& device,
                    int processes);
  /// Starts a detached run in `run_dir`; returns false if the selected run is still alive.
  bool launch(const QString& run_dir);
  /// Shows an existing run directory (re-attach) and remembers it.
  void attach(const QString& run_dir);
  /// Asks the selected run to checkpoint and stop.
  void stop();
  /// Asks every live run of the list to checkpoint and stop; returns how many.
  int stopAll();
  /// The selected run's monitor, or null.
  RunMonitor* monitor() const { return monitor_.get(); }
  /// Uses another `pmg` executable (default: the one next to the workbench).
  void setPmgProgram(const QString& path) { pmg_program_ = path; }
  /// The status line (step, loss, ETA, or why a run ended).
  QString statusText() const;
  /// True while the selected run is alive (started here, elsewhere, or before a restart).
  bool running() const;
  /// Run directories of the list that are alive now.
  QStringList liveRuns() const;
  /// Run directories in the list, newest first.
  QStringList runDirs() const;
  /// Frames and frame size the form's model trains on (model size, then the preset's
  /// model_overrides): what the PMG preview shows in its training view.
  std::pair<int, int> modelShape() const;
  /// The dashboard.
  RunCharts* charts() const { return charts_; }
  /// Saves the form and the runs list to QSettings (also done on every change).
  void saveSettings() const;

 signals:
  void logMessage(const QString& line);
  /// The run directory shown changed (the reconstruction panel follows it).
  void runSelected(const QString& run_dir);
  /// Whether a run of the list is alive changed (the preview throttles while one is).
  void liveRunsChanged(bool any_alive);

 private:
  void refresh();
  void refreshRunsList();
  void updateCommand();
  void restoreSettings();
  QWidget* buildForm();                      ///< the form, one group of rows per builder below
  void addDataRows(QFormLayout* form);       ///< preset, model, its shape, sources
  QLayout* buildShapeRow();                  ///< the model table's shape fields (--image-size...)
  void addPlacementRows(QFormLayout* form);  ///< device, where PMG renders, processes
  void addScheduleRows(QFormLayout* form);   ///< steps, epochs, batch, learning rate
  void addMaskingRows(QFormLayout* form);    ///< mask ratio and kind
  void addOutputRows(QFormLayout* form);     ///< threads, snapshots
  void connectForm();                        ///< every form change updates the command shown
  QWidget* buildRunsBox();                   ///< Launch/Stop/Resume/Attach, status, the runs list
  /// Fills the form from a training preset (assets/presets).
  void applyPreset(const QString& name);
  bool startDetached(const QString& run_dir, const QStringList& args);
  QString pmgPath() const;
  std::function<PmgConfig()> pmg_config_;
  QComboBox *model_, *preset_, *device_, *pmg_device_, *mask_kind_;
  QSpinBox* processes_;
  QSpinBox *steps_, *batch_, *threads_, *snapshot_every_;
  QDoubleSpinBox *lr_, *mask_, *epochs_;
  QSpinBox* epoch_clips_;
  /// Model shape overrides by model field key; the minimum (one below the field's bound)
  /// means "the model size's own value".
  std::vector<std::pair<std::string, QSpinBox*>> shape_;
  QLineEdit* source_;
  QLabel *command_, *status_;
  QPushButton *launch_button_, *stop_button_, *resume_button_;
  QListWidget* runs_;
  RunCharts* charts_;
  QString pmg_program_;
  QTimer* timer_;
  bool restoring_ = false, any_alive_ = false;
  std::unique_ptr<RunMonitor> monitor_;
  std::vector<std::unique_ptr<RunMonitor>> overlays_;
  std::string reported_end_;  ///< run whose end was already logged
};

}  // namespace pmg::gui
