// The run dashboard: one tab per metric, each on its own axis (loss, lr, grad norm,
// clips/s, data wait, memory), several runs overlaid in their own colours, a
// TensorBoard-style debiased EMA with a smoothing slider, x as step / wall time /
// epoch, log scale, a hover crosshair that reads every series at that x, and CSV/PNG
// export of the chart shown.
#pragma once
#include <QWidget>
#include <vector>

#include "runs/run_monitor.h"

class QTabWidget;
class QSlider;
class QComboBox;
class QCheckBox;
class QLabel;
class QTableWidget;

namespace pmg::gui {

class ChartView;

/// What the x axis shows.
enum class XAxis { Step, WallMinutes, Epoch };

/// One plotted line: a run's metric over x.
struct PlotLine {
  QString name;
  std::vector<double> x, y;
  bool smoothed = false;
  int colour = 0;  ///< index into the run palette
};

/// The x values of `metric` of `run` on `axis` (wall minutes from the run's first event;
/// runs without a "time" field fall back to steps). Empty when the run lacks the axis.
std::vector<double> xValues(const RunMonitor& run, const std::string& metric, XAxis axis);

class RunCharts : public QWidget {
  Q_OBJECT
 public:
  explicit RunCharts(QWidget* parent = nullptr);
  /// Plots these runs (first = the selected one); call again after polling them.
  void setRuns(const std::vector<const RunMonitor*>& runs);
  /// Smoothing weight in [0, 0.99] (TensorBoard's slider).
  void setSmoothing(double weight);
  double smoothing() const;
  void setXAxis(XAxis axis);
  /// Reads every series of the current tab at x (nearest point), as the hover line shows.
  QString readoutAt(double x) const;
  /// Writes the current tab's lines as CSV (x, then one column per line).
  bool exportCsv(const QString& path) const;
  /// Saves the current tab's chart as a PNG.
  bool exportPng(const QString& path) const;
  /// The lines of the current tab (for tests).
  const std::vector<PlotLine>& currentLines() const { return lines_; }
  /// Chooses the tab showing `metric` ("loss", "lr", ...).
  void showMetric(const QString& metric);
  /// Shows the tab comparing the runs' resolved configs (keys that differ).
  void showConfigDiff();
  /// Rows in the config comparison (for tests).
  int configDiffRows() const { return config_rows_; }

 private:
  void replot();
  void fillConfigTable();
  QString currentMetric() const;
  std::vector<const RunMonitor*> runs_;
  std::vector<PlotLine> lines_;
  QTabWidget* tabs_;
  std::vector<ChartView*> views_;
  QSlider* smoothing_;
  QLabel *smoothing_label_, *readout_;
  QComboBox* x_axis_;
  QCheckBox* log_scale_;
  QTableWidget* config_table_;
  int config_rows_ = 0;
};

}  // namespace pmg::gui
