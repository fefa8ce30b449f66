// Training dock: a config form that shows the exact `pmg train` command, Launch /
// Stop / Resume through QProcess, a runs list that re-attaches to existing run
// directories, live loss (EMA, log scale), lr and clips/s charts, ETA, and the exit
// status and last log lines of a failed run.
#pragma once
#include <QWidget>
#include <functional>
#include <memory>

#include "pmg/pmg_config.h"
#include "run_monitor.h"

class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QLineEdit;
class QLabel;
class QListWidget;
class QProcess;
class QCheckBox;
class QChartView;
class QLineSeries;
class QTimer;

namespace pmg::gui {

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
  /// Starts a run in `run_dir`; returns false if one is already running.
  bool launch(const QString& run_dir);
  /// Shows an existing run directory (re-attach).
  void attach(const QString& run_dir);
  /// Sends "stop" to the running process.
  void stop();
  /// The selected run's monitor, or null.
  RunMonitor* monitor() const { return monitor_.get(); }
  /// Uses another `pmg` executable (default: the one next to the workbench).
  void setPmgProgram(const QString& path) { pmg_program_ = path; }
  /// The status line (step, loss, ETA, or why a run failed).
  QString statusText() const;
  /// True while a launched run is alive.
  bool running() const;

 signals:
  void logMessage(const QString& line);
  /// The run directory shown changed (the reconstruction panel follows it).
  void runSelected(const QString& run_dir);

 private:
  void refresh();
  void updateCommand();
  /// Fills the form from a training preset (assets/presets).
  void applyPreset(const QString& name);
  QString pmgPath() const;
  std::function<PmgConfig()> pmg_config_;
  QComboBox *model_, *preset_, *device_;
  QSpinBox* processes_;
  QSpinBox *steps_, *batch_, *threads_, *snapshot_every_;
  QDoubleSpinBox *lr_, *mask_, *epochs_;
  QSpinBox* epoch_clips_;
  QLineEdit* source_;
  QLabel *command_, *status_;
  QListWidget* runs_;
  QCheckBox* log_scale_;
  QChartView *loss_chart_, *speed_chart_, *lr_chart_, *memory_chart_;
  QProcess* process_ = nullptr;
  QString stderr_tail_, pmg_program_;
  QTimer* timer_;
  std::unique_ptr<RunMonitor> monitor_;
};

}  // namespace pmg::gui
