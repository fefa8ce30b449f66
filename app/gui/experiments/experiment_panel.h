// Experiments dock: open or create an experiment file in a form (experiment_form.h), see
// the cells it expands to at the chosen scale, launch `pmg experiment run` detached (it
// outlives the window like single runs), watch each job's state, and read the results
// table and figures as runs finish. Double-clicking a cell opens its pre-training in the
// Training and Reconstruction docks. Finished pre-trainings of other experiment folders can
// be reused instead of trained again. File, folder, scale, parallelism and reuse persist.
#pragma once
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace pmg::gui {

class ExperimentForm;

class ExperimentPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ExperimentPanel(QWidget* parent = nullptr);
  ~ExperimentPanel() override;
  /// Loads an experiment file into the form; false (and the reason in the status) if unreadable.
  bool openFile(const QString& path);
  /// Writes the form to `path` (the current file when empty).
  bool saveFile(const QString& path = {});
  /// Sets the experiment directory and shows what it holds.
  void setDirectory(const QString& dir);
  /// Validates the form at the chosen scale and lists the cells; false with the error shown.
  bool expand();
  /// Saves the file and starts `pmg experiment run` detached; false if it cannot start.
  bool launch();
  /// Asks the running experiment to stop (pre-trainings checkpoint first).
  void stop();
  /// Re-reads the jobs' states, the results table and the figures.
  void refresh();
  /// Names of the cells listed (for tests).
  QStringList cellNames() const;
  /// The status line.
  QString statusText() const;
  /// Uses another `pmg` executable (default: the one next to the workbench).
  void setPmgProgram(const QString& path) { pmg_program_ = path; }
  ExperimentForm* form() { return form_; }

 signals:
  /// A cell was opened: its pre-training run directory ("" for a from-scratch cell) and
  /// its first finished evaluation folder ("" if none).
  void cellOpened(const QString& pretrain_dir, const QString& evaluation_dir);
  void logMessage(const QString& line);

 private:
  // One builder per part of the panel, top to bottom; each connects its own controls.
  QLayout* buildFileRow();      ///< experiment file: path, Open, New, Save
  QLayout* buildWhereRows();    ///< folder, scale, jobs at once, pre-trainings to reuse
  QWidget* buildSetupTab();     ///< the form and the cells it expands to
  QWidget* buildProgressTab();  ///< job table and progress bar
  QWidget* buildResultsTab();   ///< results table and figures
  QLayout* buildActions();      ///< Launch, Stop
  void restoreSettings();       ///< last file, folder, scale, parallelism and reuse
  void showFigure(const QString& name);
  void saveSettings() const;
  QString program() const;
  bool runnerAlive() const;

  ExperimentForm* form_ = nullptr;
  QLineEdit* file_ = nullptr;
  QLineEdit* dir_ = nullptr;
  QComboBox* scale_ = nullptr;
  QSpinBox* parallel_ = nullptr;
  QLineEdit* reuse_ = nullptr;  ///< experiment folders whose finished pre-trainings are reused
  QPushButton* launch_ = nullptr;
  QPushButton* stop_ = nullptr;
  QListWidget* cells_ = nullptr;
  QTableWidget* jobs_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QTextBrowser* summary_ = nullptr;
  QComboBox* figure_ = nullptr;
  QLabel* figure_view_ = nullptr;
  QLabel* status_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QTimer* timer_ = nullptr;
  QString pmg_program_;
  qint64 results_stamp_ = -1;
  QString run_state_;  ///< "Running" / "Finished" / "Not running" last shown
};

}  // namespace pmg::gui
