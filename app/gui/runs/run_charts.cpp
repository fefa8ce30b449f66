#include "runs/run_charts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsLineItem>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QResizeEvent>
#include <QSettings>
#include <QSlider>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "pmg/runs/step_event.h"

namespace pmg::gui {

namespace {

/// The charted metrics of the step event, in tab order (pmg/runs/step_event.h: the same
/// keys the trainer writes to events.jsonl and TensorBoard).
const std::vector<StepMetric>& chartedMetrics() {
  static const std::vector<StepMetric> charted = [] {
    std::vector<StepMetric> out;
    for (const auto& m : stepMetrics())
      if (m.chart) out.push_back(m);
    return out;
  }();
  return charted;
}

const QColor kPalette[] = {QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),
                           QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75)};

QString runLabel(const RunMonitor& run) {
  return QFileInfo(QString::fromStdString(run.runDir())).fileName();
}

/// The nearest index of `x` in ascending `xs`.
size_t nearest(const std::vector<double>& xs, double x) {
  const auto it = std::lower_bound(xs.begin(), xs.end(), x);
  if (it == xs.begin()) return 0;
  if (it == xs.end()) return xs.size() - 1;
  const size_t i = size_t(it - xs.begin());
  return (x - xs[i - 1] <= xs[i] - x) ? i - 1 : i;
}

}  // namespace

/// A chart view with a vertical hover line; reports the x under the mouse.
class ChartView : public QChartView {
 public:
  /// The legend only where there is room for it and more than one line: a short chart
  /// keeps its height for readable axes (the hover readout names every line).
  void updateLegend() {
    chart()->legend()->setVisible(chart()->series().size() > 1 && height() >= 240);
  }
  explicit ChartView(RunCharts* owner, QLabel* readout)
      : QChartView(new QChart()), owner_(owner), readout_(readout) {
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setMinimumHeight(100);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    line_ = new QGraphicsLineItem;
    line_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    line_->setZValue(100);
    chart()->scene()->addItem(line_);
    line_->hide();
  }

 protected:
  void mouseMoveEvent(QMouseEvent* e) override {
    QChartView::mouseMoveEvent(e);
    const QRectF area = chart()->plotArea();
    const QPointF pos = e->position();
    if (!area.contains(pos) || chart()->series().isEmpty()) {
      line_->hide();
      return;
    }
    const double x = chart()->mapToValue(pos, chart()->series().first()).x();
    line_->setLine(pos.x(), area.top(), pos.x(), area.bottom());
    line_->show();
    readout_->setText(owner_->readoutAt(x));
  }
  void resizeEvent(QResizeEvent* e) override {
    QChartView::resizeEvent(e);
    updateLegend();
  }
  void leaveEvent(QEvent* e) override {
    line_->hide();
    QChartView::leaveEvent(e);
  }

 private:
  RunCharts* owner_;
  QLabel* readout_;
  QGraphicsLineItem* line_;
};

std::vector<double> xValues(const RunMonitor& run, const std::string& metric, XAxis axis) {
  const Series& s = run.series(metric);
  if (axis == XAxis::Step) return s.steps;
  const std::string key = axis == XAxis::Epoch ? "epoch" : "time";
  const Series& by = run.series(key);
  if (by.steps.empty()) return axis == XAxis::WallMinutes ? s.steps : std::vector<double>{};
  std::vector<double> out;
  out.reserve(s.steps.size());
  const double t0 = by.values.front();
  for (double step : s.steps) {
    const size_t i = nearest(by.steps, step);
    out.push_back(axis == XAxis::Epoch ? by.values[i] : (by.values[i] - t0) / 60.0);
  }
  return out;
}

RunCharts::RunCharts(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* controls = new QHBoxLayout;
  smoothing_ = new QSlider(Qt::Horizontal);
  smoothing_->setRange(0, 99);
  smoothing_->setToolTip("Debiased exponential moving average, as TensorBoard's slider");
  smoothing_label_ = new QLabel;
  x_axis_ = new QComboBox;
  x_axis_->addItems({"step", "wall time (min)", "epoch"});
  log_scale_ = new QCheckBox("log y");
  auto* csv = new QPushButton("CSV...");
  auto* png = new QPushButton("PNG...");
  csv->setToolTip("Export the lines of this chart as CSV");
  png->setToolTip("Save this chart as a PNG");
  auto* smoothing_row = new QHBoxLayout;
  smoothing_row->addWidget(new QLabel("smoothing"));
  smoothing_row->addWidget(smoothing_, 1);
  smoothing_row->addWidget(smoothing_label_);
  layout->addLayout(smoothing_row);
  controls->addWidget(new QLabel("x axis"));
  controls->addWidget(x_axis_, 1);
  controls->addWidget(log_scale_);
  controls->addWidget(csv);
  controls->addWidget(png);
  layout->addLayout(controls);
  readout_ = new QLabel("hover over a chart to read every line at that point");
  readout_->setWordWrap(true);
  readout_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  readout_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  tabs_ = new QTabWidget;
  for (const auto& m : chartedMetrics()) {
    auto* view = new ChartView(this, readout_);
    views_.push_back(view);
    tabs_->addTab(view, m.title);
  }
  config_table_ = new QTableWidget;
  config_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  config_table_->setToolTip(
      "The resolved configs (config.json) of the selected runs: the keys "
      "that differ; Ctrl/Shift-select runs in the list to compare them");
  tabs_->addTab(config_table_, "Config diff");
  layout->addWidget(tabs_, 1);
  layout->addWidget(readout_);
  QSettings s;
  setSmoothing(s.value("charts/smoothing", 0.6).toDouble());
  x_axis_->setCurrentIndex(std::clamp(s.value("charts/x_axis", 0).toInt(), 0, 2));
  log_scale_->setChecked(s.value("charts/log_y", false).toBool());
  connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
    smoothing_label_->setText(QString::number(v / 100.0, 'f', 2));
    QSettings().setValue("charts/smoothing", v / 100.0);
    replot();
  });
  connect(x_axis_, &QComboBox::currentIndexChanged, this, [this](int i) {
    QSettings().setValue("charts/x_axis", i);
    replot();
  });
  connect(log_scale_, &QCheckBox::toggled, this, [this](bool on) {
    QSettings().setValue("charts/log_y", on);
    replot();
  });
  connect(tabs_, &QTabWidget::currentChanged, this, &RunCharts::replot);
  connect(csv, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, "Export chart as CSV",
                                                      currentMetric() + ".csv", "CSV (*.csv)");
    if (!path.isEmpty()) exportCsv(path);
  });
  connect(png, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, "Save chart as PNG",
                                                      currentMetric() + ".png", "PNG (*.png)");
    if (!path.isEmpty()) exportPng(path);
  });
}

void RunCharts::setSmoothing(double weight) {
  smoothing_->setValue(int(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
  smoothing_label_->setText(QString::number(smoothing_->value() / 100.0, 'f', 2));
}

double RunCharts::smoothing() const {
  return smoothing_->value() / 100.0;
}

void RunCharts::setXAxis(XAxis axis) {
  x_axis_->setCurrentIndex(int(axis));
}

void RunCharts::showMetric(const QString& metric) {
  const auto& metrics = chartedMetrics();
  for (int i = 0; i < int(metrics.size()); ++i)
    if (metric == metrics[i].key) tabs_->setCurrentIndex(i);
  replot();
}

QString RunCharts::currentMetric() const {
  const int i = tabs_->currentIndex();
  const auto& metrics = chartedMetrics();
  return i >= 0 && i < int(metrics.size()) ? metrics[i].key : "config";
}

void RunCharts::showConfigDiff() {
  tabs_->setCurrentWidget(config_table_);
  fillConfigTable();
}

void RunCharts::setRuns(const std::vector<const RunMonitor*>& runs) {
  runs_ = runs;
  replot();
}

void RunCharts::fillConfigTable() {
  std::vector<std::string> dirs;
  QStringList headers;
  for (const RunMonitor* r : runs_) {
    dirs.push_back(r->runDir());
    headers << runLabel(*r);
  }
  const auto rows = diffRunConfigs(dirs);
  config_table_->clear();
  config_table_->setColumnCount(int(dirs.size()));
  config_table_->setRowCount(int(rows.size()));
  config_table_->setHorizontalHeaderLabels(headers);
  QStringList keys;
  for (size_t i = 0; i < rows.size(); ++i) {
    keys << QString::fromStdString(rows[i].key);
    for (size_t c = 0; c < rows[i].values.size(); ++c)
      config_table_->setItem(int(i), int(c),
                             new QTableWidgetItem(QString::fromStdString(rows[i].values[c])));
  }
  config_table_->setVerticalHeaderLabels(keys);
  config_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  config_rows_ = int(rows.size());
}

void RunCharts::replot() {
  if (tabs_->currentWidget() == config_table_) return fillConfigTable();
  const int tab = std::max(0, tabs_->currentIndex());
  const StepMetric& m = chartedMetrics()[size_t(tab)];
  const XAxis axis = XAxis(x_axis_->currentIndex());
  const bool log_y = log_scale_->isChecked();
  lines_.clear();
  for (size_t r = 0; r < runs_.size(); ++r) {
    const RunMonitor& run = *runs_[r];
    const Series& s = run.series(m.key);
    const auto x = xValues(run, m.key, axis);
    if (s.values.empty() || x.size() != s.values.size()) continue;
    std::vector<double> y = s.values;
    for (double& v : y) v *= m.scale;
    const QString name = runs_.size() > 1 ? runLabel(run) : QString(m.title);
    const bool smooth = m.smooth && smoothing() > 0.0;
    lines_.push_back({name + (smooth ? " (raw)" : ""), x, y, false, int(r)});
    if (smooth) lines_.push_back({name, x, smoothEma(y, smoothing()), true, int(r)});
    if (std::string(m.key) == "loss") {  // validation points on the loss chart
      const Series& val = run.series("val_loss");
      if (!val.values.empty())
        lines_.push_back(
            {name + " validation", xValues(run, "val_loss", axis), val.values, true, int(r)});
    }
  }
  QChart* chart = views_[size_t(tab)]->chart();
  chart->removeAllSeries();
  for (auto* a : chart->axes()) chart->removeAxis(a);
  auto* x_axis = new QValueAxis;
  x_axis->setTitleText(x_axis_->currentText());
  x_axis->setLabelFormat(axis == XAxis::Step ? "%.0f" : "%.3g");
  const bool short_view = views_[size_t(tab)]->height() < 260;  // fewer, readable ticks
  x_axis->setTickCount(short_view ? 4 : 6);
  QAbstractAxis* y_axis = nullptr;
  if (log_y) {
    auto* la = new QLogValueAxis;
    la->setLabelFormat("%.2g");
    la->setMinorTickCount(-1);
    y_axis = la;
  } else {
    auto* va = new QValueAxis;
    va->setLabelFormat("%.3g");
    va->setTickCount(short_view ? 3 : 5);
    y_axis = va;
  }
  chart->addAxis(x_axis, Qt::AlignBottom);
  chart->addAxis(y_axis, Qt::AlignLeft);
  double x_lo = 1e300, x_hi = -1e300, y_lo = 1e300, y_hi = -1e300;
  for (const auto& line : lines_) {
    auto* series = new QLineSeries;
    series->setName(line.name);
    QColor colour = kPalette[line.colour % int(std::size(kPalette))];
    const bool faint = !line.smoothed && smoothing() > 0.0 && m.smooth;
    if (faint) colour.setAlpha(70);
    series->setPen(QPen(colour, faint ? 1.0 : 2.0));
    for (size_t i = 0; i < line.x.size(); ++i) {
      if (log_y && line.y[i] <= 0) continue;
      series->append(line.x[i], line.y[i]);
      x_lo = std::min(x_lo, line.x[i]);
      x_hi = std::max(x_hi, line.x[i]);
      y_lo = std::min(y_lo, line.y[i]);
      y_hi = std::max(y_hi, line.y[i]);
    }
    chart->addSeries(series);
    series->attachAxis(x_axis);
    series->attachAxis(y_axis);
  }
  if (x_lo <= x_hi) {
    x_axis->setRange(x_lo, x_hi > x_lo ? x_hi : x_lo + 1);
    if (axis == XAxis::Step) x_axis->applyNiceNumbers();
    if (log_y) {
      static_cast<QLogValueAxis*>(y_axis)->setRange(y_lo * 0.9, y_hi * 1.1);
    } else {
      const double pad = 0.05 * (y_hi - y_lo) + 1e-12 + 1e-6 * std::abs(y_hi);
      static_cast<QValueAxis*>(y_axis)->setRange(y_lo - pad, y_hi + pad);
      static_cast<QValueAxis*>(y_axis)->applyNiceNumbers();
    }
  }
  QFont small = x_axis->labelsFont();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  for (QAbstractAxis* a : {static_cast<QAbstractAxis*>(x_axis), y_axis}) {
    a->setLabelsFont(small);
    a->setTitleFont(small);
  }
  views_[size_t(tab)]->updateLegend();
}

QString RunCharts::readoutAt(double x) const {
  if (lines_.empty()) return {};
  QStringList parts;
  double at = x;
  for (const auto& line : lines_) {
    if (line.x.empty()) continue;
    const size_t i = nearest(line.x, x);
    at = line.x[i];
    parts << QString("%1 %2").arg(line.name).arg(line.y[i], 0, 'g', 4);
  }
  return QString("%1 %2: ").arg(x_axis_->currentText()).arg(at, 0, 'g', 6) + parts.join(" · ");
}

bool RunCharts::exportCsv(const QString& path) const {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  QTextStream out(&f);
  // Long format: one row per point, so lines with different x values fit one file.
  out << "line," << x_axis_->currentText() << "," << currentMetric() << "\n";
  for (const auto& line : lines_)
    for (size_t i = 0; i < line.x.size(); ++i)
      out << '"' << line.name << "\"," << QString::number(line.x[i], 'g', 10) << ","
          << QString::number(line.y[i], 'g', 10) << "\n";
  return true;
}

bool RunCharts::exportPng(const QString& path) const {
  return tabs_->currentWidget()->grab().save(path);
}

}  // namespace pmg::gui
