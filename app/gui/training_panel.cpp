#include "training_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <fstream>

#include "pmg/progress.h"
#include "pmg/run_status.h"
#include "pmg/train_presets.h"
#include "run_charts.h"
#include "run_launcher.h"

namespace pmg::gui {

namespace {

QString stateBadge(const RunStatus& s) {
  switch (s.state) {
    case RunState::Running: return "\u25b6 running";
    case RunState::Stopped: return "\u25a0 stopped";
    case RunState::Finished: return "\u2714 finished";
    case RunState::Failed: return "\u2716 failed";
    case RunState::Crashed: return "\u2716 crashed";
    default: return s.exit_code >= 0 ? "\u2716 ended" : "\u2026 starting";
  }
}

}  // namespace

QWidget* TrainingPanel::buildForm() {
  auto* form_widget = new QWidget;
  auto* form = new QFormLayout(form_widget);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
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
  command_ = new QLabel;
  command_->setWordWrap(true);
  command_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  command_->setStyleSheet("font-family: monospace;");
  command_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  form->addRow(command_);
  auto* scroll = new QScrollArea;
  scroll->setWidget(form_widget);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setMinimumHeight(80);
  return scroll;
}

TrainingPanel::TrainingPanel(std::function<PmgConfig()> pmg_config, QWidget* parent)
    : QWidget(parent), pmg_config_(std::move(pmg_config)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->setChildrenCollapsible(false);
  splitter->addWidget(buildForm());

  auto* runs_box = new QWidget;
  auto* rl = new QVBoxLayout(runs_box);
  rl->setContentsMargins(0, 0, 0, 0);
  auto* buttons = new QHBoxLayout;
  launch_button_ = new QPushButton("Launch");
  launch_button_->setObjectName("LaunchRun");
  launch_button_->setToolTip("Start `pmg train` detached: it keeps running when the GUI closes");
  stop_button_ = new QPushButton("Stop");
  stop_button_->setToolTip("Checkpoint and stop the selected run");
  resume_button_ = new QPushButton("Resume");
  auto* attach_button = new QPushButton("Attach...");
  for (auto* b : {launch_button_, stop_button_, resume_button_, attach_button})
    buttons->addWidget(b);
  rl->addLayout(buttons);
  status_ = new QLabel("no run");
  status_->setWordWrap(true);
  status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  rl->addWidget(status_);
  runs_ = new QListWidget;
  runs_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  runs_->setToolTip("Runs: select one to watch it; Ctrl/Shift-select more to overlay them");
  runs_->setMinimumHeight(36);
  rl->addWidget(runs_, 1);
  splitter->addWidget(runs_box);
  charts_ = new RunCharts;
  splitter->addWidget(charts_);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 1);
  splitter->setStretchFactor(2, 4);
  layout->addWidget(splitter);

  connect(preset_, &QComboBox::currentTextChanged, this, &TrainingPanel::applyPreset);
  connect(device_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  for (QSpinBox* s : {steps_, batch_, threads_, snapshot_every_, processes_, epoch_clips_})
    connect(s, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  for (QDoubleSpinBox* s : {lr_, mask_, epochs_})
    connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  connect(model_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  connect(source_, &QLineEdit::textChanged, this, &TrainingPanel::updateCommand);
  connect(launch_button_, &QPushButton::clicked, this, [this] {
    launch(QDir("runs").absoluteFilePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
  });
  connect(stop_button_, &QPushButton::clicked, this, &TrainingPanel::stop);
  connect(resume_button_, &QPushButton::clicked, this, [this] {
    if (!monitor_ || running()) return;
    const QString dir = QString::fromStdString(monitor_->runDir());
    startDetached(dir, {"train", "--no-stdin", "--resume", dir});
  });
  connect(attach_button, &QPushButton::clicked, this, [this] {
    const QString dir =
        QFileDialog::getExistingDirectory(this, "Attach to a run directory", "runs");
    if (!dir.isEmpty()) attach(dir);
  });
  connect(runs_, &QListWidget::itemSelectionChanged, this, [this] {
    overlays_.clear();
    const QListWidgetItem* current = runs_->currentItem();
    if (current) {
      const QString dir = current->data(Qt::UserRole).toString();
      if (!monitor_ || QString::fromStdString(monitor_->runDir()) != dir) attach(dir);
    }
    for (const QListWidgetItem* item : runs_->selectedItems())
      if (item != current)
        overlays_.push_back(
            std::make_unique<RunMonitor>(item->data(Qt::UserRole).toString().toStdString()));
    refresh();
  });

  timer_ = new QTimer(this);
  timer_->setInterval(1000);  // events and heartbeats, also of runs started from the CLI
  connect(timer_, &QTimer::timeout, this, &TrainingPanel::refresh);
  timer_->start();
  restoreSettings();
  updateCommand();
}

TrainingPanel::~TrainingPanel() {
  saveSettings();  // runs are detached: nothing to stop here
}

QString TrainingPanel::pmgPath() const {
  return pmg_program_.isEmpty() ? QApplication::applicationDirPath() + "/pmg" : pmg_program_;
}

QString TrainingPanel::statusText() const {
  return status_->text();
}

bool TrainingPanel::running() const {
  return monitor_ && runIsAlive(QString::fromStdString(monitor_->runDir()));
}

QStringList TrainingPanel::runDirs() const {
  QStringList out;
  for (int i = 0; i < runs_->count(); ++i) out << runs_->item(i)->data(Qt::UserRole).toString();
  return out;
}

QStringList TrainingPanel::liveRuns() const {
  QStringList out;
  for (const QString& dir : runDirs())
    if (runIsAlive(dir)) out << dir;
  return out;
}

int TrainingPanel::stopAll() {
  const QStringList live = liveRuns();
  for (const QString& dir : live) requestStop(dir);
  return int(live.size());
}

std::pair<int, int> TrainingPanel::modelShape() const {
  // As videoMaeConfig(): tiny is 8 x 32 x 32, the ViT sizes 16 x 224 x 224.
  int frames = model_->currentText() == "tiny" ? 8 : 16;
  int size = model_->currentText() == "tiny" ? 32 : 224;
  if (preset_->currentIndex() > 0) {
    try {
      const auto t = loadTrainPreset(preset_->currentText().toStdString()).at("train");
      const auto o = t.value("model_overrides", nlohmann::json::object());
      frames = o.value("frames", frames);
      size = o.value("image_size", size);
    } catch (const std::exception&) {
    }
  }
  return {frames, size};
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
  if (preset_->currentIndex() <= 0 || restoring_) return updateCommand();
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
  if (!restoring_) saveSettings();
}

void TrainingPanel::saveSettings() const {
  QSettings s;
  s.beginGroup("training");
  s.setValue("preset", preset_->currentText());
  s.setValue("model", model_->currentText());
  s.setValue("sources", source_->text());
  s.setValue("device", device_->currentText());
  s.setValue("processes", processes_->value());
  s.setValue("steps", steps_->value());
  s.setValue("epochs", epochs_->value());
  s.setValue("epoch_clips", epoch_clips_->value());
  s.setValue("batch", batch_->value());
  s.setValue("lr", lr_->value());
  s.setValue("mask", mask_->value());
  s.setValue("threads", threads_->value());
  s.setValue("snapshot_every", snapshot_every_->value());
  s.setValue("runs", runDirs());
  s.setValue("selected", monitor_ ? QString::fromStdString(monitor_->runDir()) : QString());
  s.endGroup();
}

void TrainingPanel::restoreSettings() {
  restoring_ = true;
  QSettings s;
  s.beginGroup("training");
  if (s.contains("model")) {
    const int preset = preset_->findText(s.value("preset").toString());
    preset_->setCurrentIndex(std::max(0, preset));
    model_->setCurrentText(s.value("model").toString());
    source_->setText(s.value("sources", "library").toString());
    device_->setCurrentText(s.value("device", "auto").toString());
    processes_->setValue(s.value("processes", 1).toInt());
    steps_->setValue(s.value("steps", 200).toInt());
    epochs_->setValue(s.value("epochs", 0.0).toDouble());
    epoch_clips_->setValue(s.value("epoch_clips", 10000).toInt());
    batch_->setValue(s.value("batch", 8).toInt());
    lr_->setValue(s.value("lr", 1e-3).toDouble());
    mask_->setValue(s.value("mask", 0.75).toDouble());
    threads_->setValue(s.value("threads", 0).toInt());
    snapshot_every_->setValue(s.value("snapshot_every", 50).toInt());
  }
  // Attached runs, then any run under ./runs not yet listed (started from the CLI).
  QStringList dirs = s.value("runs").toStringList();
  const QString selected = s.value("selected").toString();
  s.endGroup();
  QDir runs("runs");
  for (const QString& d : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time))
    if (QFile::exists(runs.absoluteFilePath(d) + "/events.jsonl") &&
        !dirs.contains(runs.absoluteFilePath(d)))
      dirs << runs.absoluteFilePath(d);
  for (const QString& dir : dirs) {
    if (!QFileInfo(dir).isDir()) continue;  // deleted since: forget it
    auto* item = new QListWidgetItem(QFileInfo(dir).fileName());
    item->setData(Qt::UserRole, dir);
    item->setToolTip(dir);
    runs_->addItem(item);
  }
  restoring_ = false;
  refreshRunsList();
  // Re-attach to the run selected before the restart, else the newest.
  if (runs_->count() > 0)
    QTimer::singleShot(0, this, [this, selected] {
      const int row = std::max(0, int(runDirs().indexOf(selected)));
      runs_->setCurrentRow(row);
    });
}

bool TrainingPanel::startDetached(const QString& run_dir, const QStringList& args) {
  emit logMessage("$ " + pmgPath() + " " + args.join(' ') + "   (detached; stderr in " + run_dir +
                  "/stderr.log)");
  QString error;
  if (launchDetachedRun(pmgPath(), args, run_dir, &error) < 0) {
    emit logMessage("launch failed: " + error);
    status_->setText("launch failed: " + error);
    return false;
  }
  reported_end_.clear();
  attach(run_dir);
  status_->setText("starting...");
  return true;
}

bool TrainingPanel::launch(const QString& run_dir) {
  if (running() && monitor_ && QString::fromStdString(monitor_->runDir()) == run_dir)
    return false;
  QDir().mkpath(QFileInfo(run_dir).absolutePath());
  std::ofstream(run_dir.toStdString() + ".pmg.json") << toJson(pmg_config_()).dump(2) << "\n";
  QStringList args = commandArguments(run_dir);
  args.insert(1, "--no-stdin");
  return startDetached(run_dir, args);
}

void TrainingPanel::attach(const QString& run_dir) {
  const QString dir = QDir::cleanPath(QDir(run_dir).absolutePath());
  monitor_ = std::make_unique<RunMonitor>(dir.toStdString());
  if (!runDirs().contains(dir)) {
    auto* item = new QListWidgetItem(QFileInfo(dir).fileName());
    item->setData(Qt::UserRole, dir);
    item->setToolTip(dir);
    const QSignalBlocker block(runs_);
    runs_->insertItem(0, item);
    runs_->setCurrentItem(item);
  }
  saveSettings();
  refresh();
  emit runSelected(dir);
}

void TrainingPanel::stop() {
  if (!monitor_ || !running()) return;
  requestStop(QString::fromStdString(monitor_->runDir()));  // the run checkpoints and exits
  status_->setText("stop requested: checkpointing...");
}

void TrainingPanel::refreshRunsList() {
  bool any = false;
  for (int i = 0; i < runs_->count(); ++i) {
    QListWidgetItem* item = runs_->item(i);
    const QString dir = item->data(Qt::UserRole).toString();
    const auto s = readRunStatus(dir.toStdString());
    const bool alive = runIsAlive(dir);
    any = any || alive;
    item->setText(QFileInfo(dir).fileName() + "   " +
                  (alive && s.state != RunState::Running ? QString("\u2026 starting")
                                                         : stateBadge(s)) +
                  (s.step >= 0 ? QString(" @ %1").arg(s.step) : QString()));
  }
  if (any != any_alive_) {
    any_alive_ = any;
    emit liveRunsChanged(any);
  }
}

void TrainingPanel::refresh() {
  refreshRunsList();
  const bool alive = running();
  launch_button_->setEnabled(true);
  stop_button_->setEnabled(alive);
  resume_button_->setEnabled(monitor_ && !alive);
  if (!monitor_) {
    status_->setText("no run: fill the form and press Launch, or attach a run directory");
    return;
  }
  monitor_->poll();
  for (auto& o : overlays_) o->poll();
  std::vector<const RunMonitor*> runs = {monitor_.get()};
  for (auto& o : overlays_) runs.push_back(o.get());
  charts_->setRuns(runs);
  const std::string dir = monitor_->runDir();
  const RunStatus s = readRunStatus(dir);
  const auto& e = monitor_->last();
  if (alive) {
    if (e.empty()) {
      status_->setText("running: waiting for the first step...");
    } else {
      status_->setText(
          QString("running: step %1  loss %2  lr %3  %4 clips/s  ETA %5")
              .arg(e.value("step", 0))
              .arg(e.value("loss", 0.0), 0, 'f', 4)
              .arg(e.value("lr", 0.0), 0, 'g', 3)
              .arg(e.value("clips_per_s", 0.0), 0, 'f', 1)
              .arg(QString::fromStdString(ProgressBar::formatDuration(e.value("eta_s", 0.0)))));
    }
    return;
  }
  // Ended (or never started here): say how, without an ETA.
  QString text = QString::fromStdString(s.describe());
  if (s.state == RunState::Unknown && s.exit_code >= 0)
    text = QString("ended with exit code %1").arg(s.exit_code);
  if (s.state == RunState::Unknown && s.exit_code < 0 && !e.empty())
    text = QString("not running (no heartbeat): last step %1").arg(e.value("step", 0));
  if (!e.empty() && e.contains("loss"))
    text += QString("  |  last loss %1").arg(e.value("loss", 0.0), 0, 'f', 4);
  status_->setText(text);
  const bool failed = s.state == RunState::Failed || s.state == RunState::Crashed ||
                      (s.exit_code > 0);
  if (failed && reported_end_ != dir) {
    reported_end_ = dir;
    QStringList tail;
    for (const auto& l : s.log_tail) tail << QString::fromStdString(l);
    if (tail.isEmpty()) {  // no heartbeat protocol (an older pmg): the stderr log is the record
      QFile f(QString::fromStdString(stderrLogPath(dir)));
      if (f.open(QIODevice::ReadOnly)) {
        const QStringList lines = QString::fromLocal8Bit(f.readAll()).trimmed().split('\n');
        tail = lines.mid(std::max<int>(0, int(lines.size()) - 8));
      }
    }
    if (s.exit_code >= 0 && !text.contains("exit code") && !text.contains("signal"))
      status_->setText(text + QString(" (exit code %1)").arg(s.exit_code));
    emit logMessage("training run " + QString::fromStdString(dir) + " " + status_->text() +
                    "; last lines:\n" + tail.join('\n'));
  }
}

}  // namespace pmg::gui
