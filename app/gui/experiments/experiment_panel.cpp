// Experiments dock (see experiment_panel.h).
#include "experiments/experiment_panel.h"

#include <signal.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <fstream>
#include <map>

#include "experiments/experiment_form.h"
#include "experiments/experiment_runner.h"
#include "pmg/experiments/experiment.h"
#include "pmg/experiments/experiment_jobs.h"
#include "pmg/experiments/shared_scales.h"
#include "runs/run_launcher.h"

namespace pmg::gui {

namespace {

/// What a scale entry of a file sets: a shared scale's description, or its patch's top keys.
QString scaleTooltip(const std::string& name, const nlohmann::json& entry) {
  if (entry.is_string()) {
    try {
      return QString::fromStdString(sharedScaleDescription(entry.get<std::string>()));
    } catch (const std::exception& e) {
      return QString::fromStdString(e.what());
    }
  }
  QStringList keys;
  if (entry.is_object())
    for (const auto& [key, value] : entry.items()) keys << QString::fromStdString(key);
  return QString::fromStdString(name) + ": this file's own patch of " +
         (keys.isEmpty() ? QString("nothing") : keys.join(", "));
}

}  // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(buildFileRow());
  layout->addLayout(buildWhereRows());
  tabs_ = new QTabWidget;
  tabs_->addTab(buildSetupTab(), "Setup");
  tabs_->addTab(buildProgressTab(), "Progress");
  tabs_->addTab(buildResultsTab(), "Results");
  layout->addWidget(tabs_, 1);
  layout->addLayout(buildActions());
  status_ = new QLabel;
  status_->setWordWrap(true);
  layout->addWidget(status_);
  timer_ = new QTimer(this);
  timer_->setInterval(1500);
  connect(timer_, &QTimer::timeout, this, &ExperimentPanel::refresh);
  timer_->start();
  restoreSettings();
}

QLayout* ExperimentPanel::buildFileRow() {
  auto* row = new QHBoxLayout;
  file_ = new QLineEdit;
  file_->setPlaceholderText("experiment file (assets/experiments/*.json)");
  auto* open = new QPushButton("Open...");
  auto* create = new QPushButton("New");
  auto* save = new QPushButton("Save");
  row->addWidget(file_, 1);
  row->addWidget(open);
  row->addWidget(create);
  row->addWidget(save);
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, "Open experiment", file_->text(),
                                                      "Experiments (*.json *.toml)");
    if (!path.isEmpty()) openFile(path);
  });
  connect(create, &QPushButton::clicked, this, [this] {
    file_->clear();
    {
      const QSignalBlocker block(scale_);
      scale_->clear();  // a new file has no scales
      scale_->addItem("");
    }
    form_->setExperiment(starterExperiment());
    expand();
  });
  connect(save, &QPushButton::clicked, this, [this] {
    QString path = file_->text();
    if (path.isEmpty())
      path = QFileDialog::getSaveFileName(this, "Save experiment", {}, "Experiments (*.json)");
    if (!path.isEmpty()) saveFile(path);
  });
  return row;
}

QLayout* ExperimentPanel::buildWhereRows() {
  auto* where = new QFormLayout;
  auto* dir_row = new QHBoxLayout;
  dir_ = new QLineEdit;
  dir_->setPlaceholderText("experiment folder (runs, results, figures)");
  auto* browse = new QPushButton("Browse...");
  dir_row->addWidget(dir_, 1);
  dir_row->addWidget(browse);
  auto* run_row = new QHBoxLayout;
  scale_ = new QComboBox;
  scale_->setObjectName("experimentScale");
  scale_->setToolTip(
      "The file's scales: tiny-cpu (minutes on a laptop), proxy (the CPU setting chosen in "
      "docs/proxy.md) or paper (ViT-B, GPUs); hover an entry for what it sets");
  parallel_ = new QSpinBox;
  parallel_->setRange(1, 64);
  parallel_->setToolTip("Jobs at once on the CPU (each gets cores / parallel threads)");
  run_row->addWidget(new QLabel("scale"));
  run_row->addWidget(scale_, 1);
  run_row->addWidget(new QLabel("jobs at once"));
  run_row->addWidget(parallel_);
  reuse_ = new QLineEdit;
  reuse_->setObjectName("experimentReuse");
  reuse_->setPlaceholderText("other experiment folders (optional; ; between)");
  reuse_->setToolTip(
      "Finished pre-trainings in these experiment folders with the same preset and seed are "
      "copied in instead of trained again (pmg experiment run --reuse-pretrainings): "
      "experiments that differ only downstream cost only their evaluations");
  where->addRow("folder", dir_row);
  where->addRow(run_row);
  where->addRow("reuse", reuse_);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, "Experiment folder", dir_->text());
    if (!d.isEmpty()) setDirectory(d);
  });
  connect(dir_, &QLineEdit::editingFinished, this, [this] { setDirectory(dir_->text()); });
  connect(scale_, &QComboBox::currentTextChanged, this, [this] { expand(); });
  return where;
}

QWidget* ExperimentPanel::buildSetupTab() {
  auto* setup = new QWidget;
  auto* setup_layout = new QVBoxLayout(setup);
  form_ = new ExperimentForm;
  setup_layout->addWidget(form_, 3);
  auto* expand_button = new QPushButton("Show cells");
  setup_layout->addWidget(expand_button);
  cells_ = new QListWidget;
  cells_->setToolTip("Cells at the chosen scale; double-click opens its runs in the other docks");
  setup_layout->addWidget(cells_, 1);
  connect(expand_button, &QPushButton::clicked, this, &ExperimentPanel::expand);
  connect(form_, &ExperimentForm::changed, this, [this] { expand(); });
  connect(cells_, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
    const QString cell = dir_->text() + "/cells/" +
                         QString::fromStdString(
                             experimentDirName(item->data(Qt::UserRole).toString().toStdString()));
    QString pretrain;  // the cell's pre-training (the first seed's with pretrain.per_seed)
    for (const QString& sub : QDir(cell).entryList({"pretrain*"}, QDir::Dirs, QDir::Name))
      if (pretrain.isEmpty() && QFileInfo::exists(cell + "/" + sub + "/config.json"))
        pretrain = cell + "/" + sub;
    QString evaluation;
    for (const QString& sub : QDir(cell).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
      if (evaluation.isEmpty() && QFileInfo::exists(cell + "/" + sub + "/results.json"))
        evaluation = cell + "/" + sub;
    emit cellOpened(pretrain, evaluation);
  });
  return setup;
}

QWidget* ExperimentPanel::buildProgressTab() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  progress_ = new QProgressBar;
  progress_->setFormat("%v / %m jobs done");
  jobs_ = new QTableWidget(0, 3);
  jobs_->setHorizontalHeaderLabels({"job", "state", "progress"});
  jobs_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  jobs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  jobs_->verticalHeader()->hide();
  jobs_->setWordWrap(false);
  layout->addWidget(progress_);
  layout->addWidget(jobs_, 1);
  return page;
}

QWidget* ExperimentPanel::buildResultsTab() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  summary_ = new QTextBrowser;
  summary_->setPlaceholderText("The results table appears as evaluations finish.");
  figure_ = new QComboBox;
  figure_->setObjectName("experimentFigure");
  figure_view_ = new QLabel;
  figure_view_->setAlignment(Qt::AlignCenter);
  figure_view_->setMinimumHeight(160);
  layout->addWidget(summary_, 1);
  layout->addWidget(figure_);
  layout->addWidget(figure_view_, 1);
  connect(figure_, &QComboBox::currentTextChanged, this, &ExperimentPanel::showFigure);
  return page;
}

QLayout* ExperimentPanel::buildActions() {
  auto* actions = new QHBoxLayout;
  launch_ = new QPushButton("Launch");
  launch_->setToolTip("Saves the file and runs it in the folder; running it again resumes");
  stop_ = new QPushButton("Stop");
  stop_->setToolTip("Stops the experiment: pre-trainings checkpoint, Launch resumes them");
  actions->addWidget(launch_);
  actions->addWidget(stop_);
  actions->addStretch();
  connect(launch_, &QPushButton::clicked, this, &ExperimentPanel::launch);
  connect(stop_, &QPushButton::clicked, this, &ExperimentPanel::stop);
  return actions;
}

void ExperimentPanel::restoreSettings() {
  // Read every setting first: opening the file saves the settings.
  QSettings s;
  const QString file = s.value("experiments/file").toString();
  const QString dir =
      s.value("experiments/dir", QDir::homePath() + "/pmg-experiments/new").toString();
  const QString scale = s.value("experiments/scale", "tiny-cpu").toString();
  parallel_->setValue(s.value("experiments/parallel", 1).toInt());
  reuse_->setText(s.value("experiments/reuse").toString());
  dir_->setText(dir);
  if (file.isEmpty() || !openFile(file)) form_->setExperiment(starterExperiment());
  scale_->setCurrentText(scale);
  setDirectory(dir);
  expand();  // the cells of what the form shows, from the first look
}

ExperimentPanel::~ExperimentPanel() {
  saveSettings();
}

void ExperimentPanel::saveSettings() const {
  QSettings s;
  s.setValue("experiments/file", file_->text());
  s.setValue("experiments/dir", dir_->text());
  s.setValue("experiments/scale", scale_->currentText());
  s.setValue("experiments/parallel", parallel_->value());
  s.setValue("experiments/reuse", reuse_->text());
}

QString ExperimentPanel::program() const {
  return pmg_program_.isEmpty() ? QApplication::applicationDirPath() + "/pmg" : pmg_program_;
}

bool ExperimentPanel::openFile(const QString& path) {
  nlohmann::json json;
  try {
    json = readExperimentFile(path.toStdString());  // JSON, or TOML converted
  } catch (const std::exception& e) {
    status_->setText(QString::fromStdString(e.what()));
    return false;
  }
  if (!json.is_object()) {
    status_->setText(path + " is not an experiment (a JSON object).");
    return false;
  }
  file_->setText(path);
  const QString scale = scale_->currentText();
  {
    const QSignalBlocker block(scale_);
    scale_->clear();
    const auto scales = json.value("scales", nlohmann::json::object());
    for (const auto& [name, patch] : scales.items()) {
      scale_->addItem(QString::fromStdString(name));
      scale_->setItemData(scale_->count() - 1, scaleTooltip(name, patch), Qt::ToolTipRole);
    }
    if (scale_->count() == 0) scale_->addItem("");
    scale_->setCurrentText(scale_->findText(scale) >= 0 ? scale : "tiny-cpu");
  }
  form_->setExperiment(json);
  if (dir_->text().isEmpty() || !QFileInfo::exists(dir_->text() + "/jobs.json"))
    dir_->setText(QDir::homePath() + "/pmg-experiments/" + QFileInfo(path).completeBaseName());
  expand();
  saveSettings();
  return true;
}

bool ExperimentPanel::saveFile(const QString& path) {
  QString target = path.isEmpty() ? file_->text() : path;
  if (target.endsWith(".toml")) target.chop(5), target += ".json";  // the form writes JSON
  std::ofstream f(target.toStdString());
  if (!f || !(f << form_->experiment().dump(2) << "\n")) {
    status_->setText("Cannot write " + target);
    return false;
  }
  file_->setText(target);
  saveSettings();
  return true;
}

void ExperimentPanel::setDirectory(const QString& dir) {
  dir_->setText(dir);
  results_stamp_ = -1;
  saveSettings();
  refresh();
}

bool ExperimentPanel::expand() {
  cells_->clear();
  try {
    const Experiment e = parseExperiment(form_->experiment(), scale_->currentText().toStdString());
    for (const auto& c : e.cells) {
      auto* item = new QListWidgetItem(QString::fromStdString(c.name), cells_);
      item->setData(Qt::UserRole, QString::fromStdString(c.name));
    }
    const auto jobs = experimentJobs(e, "DIR");
    status_->setStyleSheet({});
    status_->setText(QString("%1 cells, %2 jobs at scale %3: K = %4, %5 seeds")
                         .arg(e.cells.size())
                         .arg(jobs.size())
                         .arg(e.scale.empty() ? "-" : QString::fromStdString(e.scale))
                         .arg(QString::fromStdString(nlohmann::json(e.downstream.per_class).dump()))
                         .arg(e.downstream.seeds.size()));
    return true;
  } catch (const std::exception& ex) {
    status_->setStyleSheet("color: #b00020");
    status_->setText(QString::fromStdString(ex.what()));
    return false;
  }
}

bool ExperimentPanel::launch() {
  if (!expand()) return false;
  if (runnerAlive()) {
    status_->setText("This experiment is already running; Stop it first.");
    return false;
  }
  QString file = file_->text();
  if (file.isEmpty()) file = dir_->text() + "/experiment-file.json";
  QDir().mkpath(dir_->text());
  if (!saveFile(file)) return false;
  const QStringList args = experimentRunArguments(
      {file, dir_->text(), scale_->currentText(), parallel_->value(), reuse_->text()});
  QString error;
  if (launchDetachedRun(program(), args, dir_->text(), &error) < 0) {
    status_->setText(error);
    return false;
  }
  emit logMessage("experiment: pmg " + args.join(' '));
  status_->setText("Started; progress and results update below (runner log: " + dir_->text() +
                   "/stderr.log).");
  tabs_->setCurrentIndex(1);
  return true;
}

void ExperimentPanel::stop() {
  if (const int pid = experimentRunnerPid(dir_->text()); pid > 0) {
    ::kill(pid, SIGTERM);  // the runner passes it on: pre-trainings checkpoint, then exit
    status_->setText("Stopping: running pre-trainings checkpoint; Launch resumes them.");
  }
}

bool ExperimentPanel::runnerAlive() const {
  return experimentRunnerPid(dir_->text()) > 0;
}

void ExperimentPanel::refresh() {
  const QString dir = dir_->text();
  const bool alive = runnerAlive();
  launch_->setEnabled(!alive);
  stop_->setEnabled(alive);
  std::vector<ExperimentJob> jobs;
  try {
    jobs = readExperimentJobs(dir.toStdString());
  } catch (const std::exception&) {
    jobs_->setRowCount(0);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    return;
  }
  jobs_->setRowCount(int(jobs.size()));
  int done = 0;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const JobProgress p = jobProgress(dir.toStdString(), jobs[i]);
    done += p.state == JobState::Done;
    const QString detail = QString::fromStdString(p.detail);
    const QStringList cells{
        QString::fromStdString(jobs[i].id), QString::fromStdString(jobStateName(p.state)),
        detail.isEmpty() ? QString::number(int(100 * p.fraction)) + "%" : detail};
    for (int c = 0; c < 3; ++c) {
      auto* item = jobs_->item(int(i), c);
      if (!item) jobs_->setItem(int(i), c, item = new QTableWidgetItem);
      item->setText(cells[c]);
    }
  }
  progress_->setRange(0, int(jobs.size()));
  progress_->setValue(done);
  // Per cell: "zoom   3/4 done" in the cells list.
  std::map<QString, std::pair<int, int>> per_cell;  // done, total
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].cell.empty()) continue;
    auto& c = per_cell[QString::fromStdString(jobs[i].cell)];
    c.second += 1;
    c.first += jobs_->item(int(i), 1)->text() == "done";
  }
  for (int i = 0; i < cells_->count(); ++i) {
    QListWidgetItem* item = cells_->item(i);
    const QString name = item->data(Qt::UserRole).toString();
    const auto it = per_cell.find(name);
    item->setText(
        it == per_cell.end()
            ? name
            : QString("%1   %2/%3 done").arg(name).arg(it->second.first).arg(it->second.second));
  }
  // The run's state in the status line when it changes (not over a validation message).
  const QString state =
      alive ? QString("Running: %1 of %2 jobs done; runner log %3/stderr.log")
                  .arg(done)
                  .arg(jobs.size())
                  .arg(dir)
      : done == int(jobs.size())
          ? QString("Finished: all %1 jobs done; results in %2").arg(done).arg(dir)
          : QString("Not running: %1 of %2 jobs done; Launch resumes the rest")
                .arg(done)
                .arg(jobs.size());
  if (state.section(':', 0, 0) != run_state_) {
    run_state_ = state.section(':', 0, 0);
    status_->setStyleSheet({});
    status_->setText(state);
  }
  const QFileInfo csv(dir + "/results.csv");
  const qint64 stamp = csv.exists() ? csv.lastModified().toMSecsSinceEpoch() : 0;
  if (stamp == results_stamp_) return;
  results_stamp_ = stamp;
  QFile md(dir + "/summary.md");
  summary_->setMarkdown(md.open(QIODevice::ReadOnly) ? QString::fromUtf8(md.readAll()) : QString());
  const QString current = figure_->currentText();
  const QSignalBlocker block(figure_);
  figure_->clear();
  figure_->addItems(QDir(dir + "/figures").entryList({"*.png"}, QDir::Files, QDir::Name));
  if (figure_->findText(current) >= 0)
    figure_->setCurrentText(current);
  else if (const int top1 = figure_->findText("top1-finetune.png"); top1 >= 0)
    figure_->setCurrentIndex(top1);
  showFigure(figure_->currentText());
}

void ExperimentPanel::showFigure(const QString& name) {
  const QPixmap pixmap(dir_->text() + "/figures/" + name);
  figure_view_->setPixmap(name.isEmpty() || pixmap.isNull()
                              ? QPixmap()
                              : pixmap.scaled(figure_view_->size().boundedTo(pixmap.size()),
                                              Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

QStringList ExperimentPanel::cellNames() const {
  QStringList names;
  for (int i = 0; i < cells_->count(); ++i) names << cells_->item(i)->data(Qt::UserRole).toString();
  return names;
}

QString ExperimentPanel::statusText() const {
  return status_->text();
}

}  // namespace pmg::gui
