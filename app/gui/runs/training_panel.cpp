#include "runs/training_panel.h"

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

#include "pmg/base/progress.h"
#include "pmg/config/train_presets.h"
#include "pmg/runs/run_status.h"
#include "runs/run_charts.h"
#include "runs/run_launcher.h"

namespace pmg::gui {

namespace {

QString stateBadge(const RunStatus& s) {
  switch (s.state) {
    case RunState::Running:
      return "\u25b6 running";
    case RunState::Stopped:
      return "\u25a0 stopped";
    case RunState::Finished:
      return "\u2714 finished";
    case RunState::Failed:
      return "\u2716 failed";
    case RunState::Crashed:
      return "\u2716 crashed";
    default:
      return s.exit_code >= 0 ? "\u2716 ended" : "\u2026 starting";
  }
}

}  // namespace

TrainingPanel::TrainingPanel(std::function<PmgConfig()> pmg_config, QWidget* parent)
    : QWidget(parent), pmg_config_(std::move(pmg_config)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->setChildrenCollapsible(false);
  splitter->addWidget(buildForm());
  splitter->addWidget(buildRunsBox());
  charts_ = new RunCharts;
  splitter->addWidget(charts_);
  // The form and the charts share the height (at 1280x720 the form showed only three rows).
  splitter->setStretchFactor(0, 4);
  splitter->setStretchFactor(1, 1);
  splitter->setStretchFactor(2, 5);
  layout->addWidget(splitter);
  connectForm();

  timer_ = new QTimer(this);
  timer_->setInterval(1000);  // events and heartbeats, also of runs started from the CLI
  connect(timer_, &QTimer::timeout, this, &TrainingPanel::refresh);
  timer_->start();
  restoreSettings();
  updateCommand();
}

void TrainingPanel::connectForm() {
  connect(preset_, &QComboBox::currentTextChanged, this, &TrainingPanel::applyPreset);
  connect(device_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  connect(pmg_device_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  connect(mask_kind_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  for (QSpinBox* s : {steps_, batch_, threads_, snapshot_every_, processes_, epoch_clips_})
    connect(s, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  for (const auto& [key, box] : shape_)
    connect(box, &QSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  for (QDoubleSpinBox* s : {lr_, mask_, epochs_})
    connect(s, &QDoubleSpinBox::valueChanged, this, &TrainingPanel::updateCommand);
  connect(model_, &QComboBox::currentTextChanged, this, &TrainingPanel::updateCommand);
  connect(source_, &QLineEdit::textChanged, this, &TrainingPanel::updateCommand);
}

QWidget* TrainingPanel::buildRunsBox() {
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

  return runs_box;
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

void TrainingPanel::saveSettings() const {
  QSettings s;
  s.beginGroup("training");
  s.setValue("preset", preset_->currentText());
  s.setValue("model", model_->currentText());
  s.setValue("sources", source_->text());
  s.setValue("device", device_->currentText());
  s.setValue("pmg_device", pmg_device_->currentText());
  s.setValue("mask_kind", mask_kind_->currentText());
  s.setValue("processes", processes_->value());
  s.setValue("steps", steps_->value());
  s.setValue("epochs", epochs_->value());
  s.setValue("epoch_clips", epoch_clips_->value());
  s.setValue("batch", batch_->value());
  s.setValue("lr", lr_->value());
  s.setValue("mask", mask_->value());
  s.setValue("threads", threads_->value());
  s.setValue("snapshot_every", snapshot_every_->value());
  for (const auto& [key, box] : shape_) s.setValue(QString("model.") + key.c_str(), box->value());
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
    pmg_device_->setCurrentText(s.value("pmg_device", "auto").toString());
    mask_kind_->setCurrentText(s.value("mask_kind", "tube").toString());
    processes_->setValue(s.value("processes", 1).toInt());
    steps_->setValue(s.value("steps", 200).toInt());
    epochs_->setValue(s.value("epochs", 0.0).toDouble());
    epoch_clips_->setValue(s.value("epoch_clips", 10000).toInt());
    batch_->setValue(s.value("batch", 8).toInt());
    lr_->setValue(s.value("lr", 1e-3).toDouble());
    mask_->setValue(s.value("mask", 0.75).toDouble());
    threads_->setValue(s.value("threads", 0).toInt());
    snapshot_every_->setValue(s.value("snapshot_every", 50).toInt());
    for (const auto& [key, box] : shape_)
      box->setValue(s.value(QString("model.") + key.c_str(), box->minimum()).toInt());
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
  if (running() && monitor_ && QString::fromStdString(monitor_->runDir()) == run_dir) return false;
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
    item->setText(
        QFileInfo(dir).fileName() + "   " +
        (alive && s.state != RunState::Running ? QString("\u2026 starting") : stateBadge(s)) +
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
  const bool failed =
      s.state == RunState::Failed || s.state == RunState::Crashed || (s.exit_code > 0);
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
