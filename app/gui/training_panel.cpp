#include "training_panel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <fstream>

#include "pmg/progress.h"
#include "pmg/train_presets.h"

namespace pmg::gui {

namespace {

QChartView* makeChart(const QString& title) {
  auto* chart = new QChart();
  chart->setTitle(title);
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* view = new QChartView(chart);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(170);
  return view;
}

/// Replaces the chart's series with `lines` (name, steps, values); log y if asked.
void plot(QChartView* view,
          const std::vector<std::tuple<QString, std::vector<double>, std::vector<double>>>& lines,
          bool log_y) {
  QChart* chart = view->chart();
  chart->removeAllSeries();
  for (auto* axis : chart->axes()) chart->removeAxis(axis);
  auto* x = new QValueAxis();
  x->setTitleText("step");
  x->setLabelFormat("%d");
  QAbstractAxis* y = log_y ? static_cast<QAbstractAxis*>(new QLogValueAxis()) : new QValueAxis();
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double lo = 1e300, hi = -1e300, smax = 1;
  for (const auto& [name, steps, values] : lines) {
    auto* s = new QLineSeries();
    s->setName(name);
    for (size_t i = 0; i < steps.size(); ++i) {
      if (log_y && values[i] <= 0) continue;
      s->append(steps[i], values[i]);
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
      smax = std::max(smax, steps[i]);
    }
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  x->setRange(0, smax);
  if (lo <= hi) {
    if (log_y)
      static_cast<QLogValueAxis*>(y)->setRange(lo * 0.9, hi * 1.1);
    else
      static_cast<QValueAxis*>(y)->setRange(lo - 0.05 * (hi - lo + 1e-12),
                                            hi + 0.05 * (hi - lo + 1e-12));
  }
}

}  // namespace

TrainingPanel::TrainingPanel(std::function<PmgConfig()> pmg_config, QWidget* parent)
    : QWidget(parent), pmg_config_(std::move(pmg_config)) {
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  model_ = new QComboBox;
  model_->addItems({"tiny", "small", "base", "large"});
  model_->setToolTip("VideoMAE size: tiny for CPU experiments, base = ViT-B as in the paper");
  steps_ = new QSpinBox;
  steps_->setRange(1, 10000000);
  steps_->setValue(200);
  batch_ = new QSpinBox;
  batch_->setRange(1, 4096);
  batch_->setValue(8);
  batch_->setToolTip("Clips per step; lr = base lr x batch / 256 (paper Table 14)");
  lr_ = new QDoubleSpinBox;
  lr_->setDecimals(5);
  lr_->setRange(1e-5, 10.0);
  lr_->setValue(1e-3);
  mask_ = new QDoubleSpinBox;
  mask_->setRange(0.05, 0.95);
  mask_->setSingleStep(0.05);
  mask_->setValue(0.75);
  mask_->setToolTip("Tube mask ratio (paper: 0.75)");
  threads_ = new QSpinBox;
  threads_->setRange(0, 256);
  threads_->setToolTip("CPU threads (0 = all cores)");
  snapshot_every_ = new QSpinBox;
  snapshot_every_->setRange(0, 1000000);
  snapshot_every_->setValue(50);
  snapshot_every_->setToolTip("Write a reconstruction snapshot every N steps (0 = off)");
  source_ = new QLineEdit("library");
  source_->setToolTip(
      "Data mix (paper Table 9): sources separated by ';', each SPEC[:weight]. SPEC: image "
      "folder, video folder (PMG-Aug), .glsl file/folder, 'library', generated@N, fractaldb@N, "
      "visualatom@N. Example: library:0.7; generated@1000:0.3");
  preset_ = new QComboBox;
  preset_->addItem("(none)");
  for (const auto& name : trainPresetNames()) preset_->addItem(QString::fromStdString(name));
  preset_->setToolTip(
      "Training preset from assets/presets; choosing one fills the form, and the form's values "
      "override it");
  device_ = new QComboBox;
  device_->addItems({"auto", "cpu", "cuda"});
  device_->setToolTip("auto: CUDA when this LibTorch has it and a GPU is visible, else CPU");
  processes_ = new QSpinBox;
  processes_->setRange(1, 64);
  processes_->setToolTip(
      "Data-parallel processes on this machine: one per GPU with cuda (--gpus), Gloo ranks on "
      "CPU (--nproc); the batch is the global batch");
  epochs_ = new QDoubleSpinBox;
  epochs_->setRange(0, 100000);
  epochs_->setDecimals(1);
  epochs_->setToolTip(
      "Epochs of 'epoch clips' clips; 0 = use steps (PMG data has no natural epoch)");
  epoch_clips_ = new QSpinBox;
  epoch_clips_->setRange(1, 100000000);
  epoch_clips_->setValue(10000);
  epoch_clips_->setToolTip("Clips per epoch (paper: 100k Shaders1k images)");
  form->addRow("preset", preset_);
  form->addRow("model", model_);
  form->addRow("sources", source_);
  form->addRow("device", device_);
  form->addRow("GPUs / processes", processes_);
  form->addRow("steps", steps_);
  form->addRow("epochs (0 = steps)", epochs_);
  form->addRow("epoch clips", epoch_clips_);
  form->addRow("batch", batch_);
  form->addRow("base lr", lr_);
  form->addRow("mask ratio", mask_);
  form->addRow("threads", threads_);
  form->addRow("snapshot every", snapshot_every_);
  layout->addLayout(form);
  command_ = new QLabel;
  command_->setWordWrap(true);
  command_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  command_->setStyleSheet("font-family: monospace;");
  layout->addWidget(command_);
  auto* buttons = new QHBoxLayout;
  auto* launch_button = new QPushButton("Launch");
  auto* stop_button = new QPushButton("Stop");
  auto* resume_button = new QPushButton("Resume");
  auto* attach_button = new QPushButton("Attach run...");
  for (auto* b : {launch_button, stop_button, resume_button, attach_button}) buttons->addWidget(b);
  layout->addLayout(buttons);
  status_ = new QLabel("no run");
  layout->addWidget(status_);
  runs_ = new QListWidget;
  runs_->setMaximumHeight(90);
  layout->addWidget(runs_);
  log_scale_ = new QCheckBox("log scale");
  layout->addWidget(log_scale_);
  loss_chart_ = makeChart("loss");
  speed_chart_ = makeChart("clips/s and data wait");
  lr_chart_ = makeChart("learning rate and grad norm");
  memory_chart_ = makeChart("peak memory (GPU on CUDA, else process RSS), MiB");
  layout->addWidget(loss_chart_);
  layout->addWidget(speed_chart_);
  layout->addWidget(lr_chart_);
  layout->addWidget(memory_chart_);

  connect(preset_, &QComboBox::currentTextChanged, this, &TrainingPanel::applyPreset);
  connect(device_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  for (QSpinBox* s : {steps_, batch_, threads_, snapshot_every_, processes_})
    connect(s, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  connect(epoch_clips_, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  for (QDoubleSpinBox* s : {lr_, mask_, epochs_})
    connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  connect(model_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  connect(source_, &QLineEdit::textChanged, this, &TrainingPanel::updateCommand);
  connect(log_scale_, &QCheckBox::toggled, this, &TrainingPanel::refresh);
  connect(launch_button, &QPushButton::clicked, this, [this] {
    launch(QDir("runs").absoluteFilePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
  });
  connect(stop_button, &QPushButton::clicked, this, &TrainingPanel::stop);
  connect(resume_button, &QPushButton::clicked, this, [this] {
    if (!monitor_ || running()) return;
    process_->start(pmgPath(), {"train", "--resume", QString::fromStdString(monitor_->runDir())});
  });
  connect(attach_button, &QPushButton::clicked, this, [this] {
    const QString dir =
        QFileDialog::getExistingDirectory(this, "Attach to a run directory", "runs");
    if (!dir.isEmpty()) attach(dir);
  });
  connect(runs_, &QListWidget::currentTextChanged, this, [this](const QString& dir) {
    if (!dir.isEmpty() && (!monitor_ || QString::fromStdString(monitor_->runDir()) != dir))
      attach(dir);
  });

  process_ = new QProcess(this);
  connect(process_, &QProcess::readyReadStandardOutput, this, [this] {
    while (process_->canReadLine()) process_->readLine();  // events are read from events.jsonl
    refresh();
  });
  connect(process_, &QProcess::readyReadStandardError, this, [this] {
    const QString text = QString::fromLocal8Bit(process_->readAllStandardError());
    stderr_tail_ = (stderr_tail_ + text).right(4000);
    emit logMessage(text.trimmed());
  });
  connect(process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
    refresh();
    if (status == QProcess::CrashExit || code != 0) {
      const QStringList lines = stderr_tail_.trimmed().split('\n');
      status_->setText(QString("run failed: %1 %2")
                           .arg(status == QProcess::CrashExit ? "crashed" : "exit code")
                           .arg(code));
      emit logMessage("training run failed (" + QString::number(code) + "); last lines:\n" +
                      lines.mid(std::max<int>(0, int(lines.size()) - 8)).join('\n'));
    } else {
      status_->setText(status_->text() + "  (finished)");
    }
  });
  timer_ = new QTimer(this);
  timer_->setInterval(1000);  // also picks up runs started from the CLI
  connect(timer_, &QTimer::timeout, this, &TrainingPanel::refresh);
  timer_->start();
  QDir runs("runs");
  for (const QString& d : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time))
    if (QFile::exists(runs.absoluteFilePath(d) + "/events.jsonl"))
      runs_->addItem(runs.absoluteFilePath(d));
  updateCommand();
  // Re-attach to the most recent run (e.g. after a GUI restart).
  if (runs_->count() > 0) QTimer::singleShot(0, this, [this] { runs_->setCurrentRow(0); });
}

TrainingPanel::~TrainingPanel() {
  if (running()) {
    process_->write("stop\n");
    process_->waitForFinished(3000);
  }
}

QString TrainingPanel::pmgPath() const {
  return pmg_program_.isEmpty() ? QApplication::applicationDirPath() + "/pmg" : pmg_program_;
}

QString TrainingPanel::statusText() const {
  return status_->text();
}

bool TrainingPanel::running() const {
  return process_ && process_->state() != QProcess::NotRunning;
}

QStringList TrainingPanel::commandArguments(const QString& run_dir) const {
  QStringList args = {"train"};
  if (preset_->currentIndex() > 0) args << "--preset" << preset_->currentText();
  for (const QString& spec : source_->text().split(';', Qt::SkipEmptyParts))
    if (!spec.trimmed().isEmpty()) args << "--source" << spec.trimmed();
  args << "--device" << device_->currentText();
  if (processes_->value() > 1)
    args << (device_->currentText() == "cpu" ? "--nproc" : "--gpus")
         << QString::number(processes_->value());
  if (epochs_->value() > 0)
    args << "--epochs" << QString::number(epochs_->value()) << "--epoch-clips"
         << QString::number(epoch_clips_->value());
  return args + QStringList{"--model",
                            model_->currentText(),
                            "--steps",
                            QString::number(steps_->value()),
                            "--batch",
                            QString::number(batch_->value()),
                            "--lr",
                            QString::number(lr_->value()),
                            "--mask-ratio",
                            QString::number(mask_->value()),
                            "--threads",
                            QString::number(threads_->value()),
                            "--snapshot-every",
                            QString::number(snapshot_every_->value()),
                            "--pmg-config",
                            run_dir + ".pmg.json",
                            "--out",
                            run_dir};
}

void TrainingPanel::setForm(const QString& model, int steps, int batch, int snapshot_every,
                            int threads) {
  model_->setCurrentText(model);
  steps_->setValue(steps);
  batch_->setValue(batch);
  snapshot_every_->setValue(snapshot_every);
  threads_->setValue(threads);
}

void TrainingPanel::setPlacement(const QString& preset, const QString& sources,
                                 const QString& device, int processes) {
  preset_->setCurrentIndex(preset.isEmpty() ? 0 : preset_->findText(preset));
  source_->setText(sources);
  device_->setCurrentText(device);
  processes_->setValue(processes);
}

void TrainingPanel::applyPreset(const QString& name) {
  if (preset_->currentIndex() <= 0) return updateCommand();
  try {
    const auto t = loadTrainPreset(name.toStdString()).at("train");
    const QSignalBlocker b1(model_), b2(steps_), b3(batch_), b4(lr_), b5(mask_), b6(source_),
        b7(device_), b8(snapshot_every_);
    model_->setCurrentText(QString::fromStdString(t.value("model", std::string("tiny"))));
    steps_->setValue(int(t.value("steps", 100L)));
    batch_->setValue(t.value("batch", 8));
    lr_->setValue(t.value("base_lr", 1e-3));
    mask_->setValue(t.value("mask_ratio", 0.75));
    device_->setCurrentText(QString::fromStdString(t.value("device", std::string("auto"))));
    snapshot_every_->setValue(t.value("snapshot_every", 0));
    QStringList sources;
    for (const auto& src : t.value("sources", nlohmann::json::array()))
      sources << QString::fromStdString(src.value("spec", std::string("library"))) + ":" +
                     QString::number(src.value("weight", 1.0));
    if (!sources.isEmpty()) source_->setText(sources.join("; "));
  } catch (const std::exception& e) {
    emit logMessage(QString("preset %1: %2").arg(name, e.what()));
  }
  updateCommand();
}

void TrainingPanel::updateCommand() {
  command_->setText("$ pmg " + commandArguments("runs/<new>").join(' '));
}

bool TrainingPanel::launch(const QString& run_dir) {
  if (running()) return false;
  QDir().mkpath(QFileInfo(run_dir).absolutePath());
  std::ofstream(run_dir.toStdString() + ".pmg.json") << toJson(pmg_config_()).dump(2) << "\n";
  const QStringList args = commandArguments(run_dir);
  emit logMessage("$ " + pmgPath() + " " + args.join(' '));
  stderr_tail_.clear();
  process_->start(pmgPath(), args);
  runs_->insertItem(0, run_dir);
  attach(run_dir);
  return true;
}

void TrainingPanel::attach(const QString& run_dir) {
  monitor_ = std::make_unique<RunMonitor>(run_dir.toStdString());
  if (runs_->findItems(run_dir, Qt::MatchExactly).isEmpty()) runs_->insertItem(0, run_dir);
  refresh();
  emit runSelected(run_dir);
}

void TrainingPanel::stop() {
  if (running()) process_->write("stop\n");  // the run checkpoints and exits
}

void TrainingPanel::refresh() {
  if (!monitor_ || monitor_->poll() == 0) {
    if (monitor_ && monitor_->series("loss").steps.empty())
      status_->setText("waiting for the first step...");
    return;
  }
  const auto& loss = monitor_->series("loss");
  const auto& val = monitor_->series("val_loss");
  plot(loss_chart_,
       {{"loss", loss.steps, loss.values},
        {"loss (EMA 0.9)", loss.steps, smoothEma(loss.values, 0.9)},
        {"validation", val.steps, val.values}},
       log_scale_->isChecked());
  const auto& speed = monitor_->series("clips_per_s");
  auto wait = monitor_->series("data_wait");
  for (double& v : wait.values) v *= 100.0;
  plot(speed_chart_,
       {{"clips/s", speed.steps, speed.values}, {"data wait %", wait.steps, wait.values}}, false);
  const auto& lr = monitor_->series("lr");
  const auto& grad = monitor_->series("grad_norm");
  plot(lr_chart_, {{"lr", lr.steps, lr.values}, {"grad norm", grad.steps, grad.values}}, true);
  const auto& memory = monitor_->series("memory_mb");
  plot(memory_chart_, {{"peak MiB", memory.steps, memory.values}}, false);
  const auto& e = monitor_->last();
  status_->setText(
      QString("step %1  loss %2  lr %3  %4 clips/s  ETA %5")
          .arg(e.value("step", 0))
          .arg(e.value("loss", 0.0), 0, 'f', 4)
          .arg(e.value("lr", 0.0), 0, 'g', 3)
          .arg(e.value("clips_per_s", 0.0), 0, 'f', 1)
          .arg(QString::fromStdString(ProgressBar::formatDuration(e.value("eta_s", 0.0)))));
}

}  // namespace pmg::gui
