#include "shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTimer>
#include <QVBoxLayout>
#include <opencv2/imgproc.hpp>

#include "experiments/experiment_panel.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_library.h"
#include "runs/reconstruction_panel.h"
#include "runs/training_panel.h"
#include "shaders/code_editor.h"
#include "shaders/shader_editor_panel.h"
#include "viewport/viewport_widget.h"

namespace pmg::gui {

void useCoreProfileByDefault() {
  QSurfaceFormat format;
  format.setVersion(3, 3);
  format.setProfile(QSurfaceFormat::CoreProfile);
  QSurfaceFormat::setDefaultFormat(format);
}

MainWindow::MainWindow() {
  setWindowTitle("PMG Workbench");
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                 QMainWindow::GroupedDragging);
  // The right column (Shaders | Training) runs the full height: the editor and the
  // charts need height more than the reconstructions below the clip need width.
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
  viewport_ = new ViewportWidget(&preview_, this);
  setCentralWidget(viewport_);
  status_ = new QLabel(this);
  status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
  statusBar()->addWidget(status_, 1);
  job_progress_ = new QProgressBar;
  job_progress_->setMaximumWidth(320);
  job_progress_->setTextVisible(true);
  job_cancel_ = new QPushButton("Cancel job");
  statusBar()->addPermanentWidget(job_progress_);
  statusBar()->addPermanentWidget(job_cancel_);
  job_progress_->hide();
  job_cancel_->hide();
  connect(job_cancel_, &QPushButton::clicked, this, [this] { cancelJob(); });
  buildDocks();
  buildMenus();
  // A fresh start fills most of the screen it opens on; a saved geometry wins below.
  if (const QScreen* screen = QApplication::primaryScreen()) {
    const QSize avail = screen->availableGeometry().size();
    resize(std::max(640, int(avail.width() * 0.9)), std::max(480, int(avail.height() * 0.9)));
  }

  connect(viewport_, &ViewportWidget::configEdited, this, [this] {
    showSourceStatus();
    QSettings().setValue("pmg/config", QString::fromStdString(toJson(preview_.config()).dump()));
  });
  // The cached shader renderer lives in the viewport's context: drop it with the context,
  // renderShaderText() recreates it in the new one.
  connect(viewport_, &ViewportWidget::contextAboutToBeLost, this,
          [this] { shader_renderer_.reset(); });
  // The default layout is made once the window has its size; a saved one then replaces it.
  QTimer::singleShot(0, this, [this] {
    applyDefaultProportions();
    default_state_ = QMainWindow::saveState();
    restoreSavedState();
  });
  // First start: the library is the source, paper-best preset, playing at once.
  QTimer::singleShot(0, this, [this] {
    const int row = QSettings().value("source/library_row", 0).toInt();
    // A partner for the preset's mixup: the next shader of the library.
    useLibraryShaderAsPartner((std::clamp(row, 0, library_->count() - 1) + 1) % library_->count());
    library_->setCurrentRow(std::clamp(row, 0, library_->count() - 1));
    makeThumbnails();
  });
}

MainWindow::~MainWindow() {
  // GL objects die with their context current.
  viewport_->makeCurrent();
  shader_renderer_.reset();
  viewport_->doneCurrent();
}

QString MainWindow::statusText() const {
  return status_->text();
}

void MainWindow::restoreSavedState() {
  QSettings s;
  if (s.contains("window/geometry")) restoreGeometry(s.value("window/geometry").toByteArray());
  if (s.contains("window/state")) restoreState(s.value("window/state").toByteArray());
  const QString config = s.value("pmg/config").toString();
  if (!config.isEmpty()) {
    try {
      preview_.setConfig(pmgConfigFromJson(nlohmann::json::parse(config.toStdString())));
    } catch (const std::exception& e) {
      log("saved PMG settings ignored: " + QString(e.what()));
    }
  }
}

void MainWindow::saveState() const {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", QMainWindow::saveState());
  s.setValue("source/library_row", library_->currentRow());
  s.setValue("pmg/config", QString::fromStdString(toJson(preview_.config()).dump()));
  training_->saveSettings();
}

void MainWindow::applyDefaultProportions() {
  // Side columns for the library and the editor/training, a third of the height for
  // reconstructions (a main job), the rest for the clip.
  auto dock = [this](const char* name) { return findChild<QDockWidget*>(name); };
  resizeDocks({dock("SourceDock"), dock("ShadersDock")},
              {std::max(220, width() / 7), std::max(380, width() / 4)}, Qt::Horizontal);
  resizeDocks({dock("ReconstructionDock")}, {std::max(200, height() / 3)}, Qt::Vertical);
}

void MainWindow::resetLayout() {
  for (QDockWidget* d : findChildren<QDockWidget*>()) {
    d->setFloating(false);
    d->show();
  }
  restoreState(default_state_);
  applyDefaultProportions();
  viewport_->resetPanelLayout();
  log("layout reset");
}

void MainWindow::showSourceStatus() {
  status_->setText(QString("source: %1  |  %2  |  clip regenerated in %3 ms")
                       .arg(QString::fromStdString(preview_.sourceLabel()),
                            QString::fromStdString(transformName(preview_.clip().program.kind)))
                       .arg(preview_.lastGenerateMs(), 0, 'f', 1));
}

QStringList MainWindow::savePanelScreenshots(const QString& dir) {
  QDir().mkpath(dir);
  QStringList written;
  auto save = [&](const QString& name, const QImage& image) {
    const QString path = dir + "/" + name + ".png";
    if (image.save(path)) written << path;
  };
  save("main-window", grab().toImage());
  save("viewport", viewport_->grabFramebuffer());
  // Each dock in front of its tab group while it is grabbed, then the tabs as they were.
  QList<QDockWidget*> in_front;
  for (QDockWidget* d : findChildren<QDockWidget*>())
    if (!d->visibleRegion().isEmpty()) in_front << d;
  for (QDockWidget* d : findChildren<QDockWidget*>()) {
    d->raise();
    QApplication::processEvents();
    QString name = d->windowTitle().toLower();
    name.replace(' ', '-');
    save("dock-" + name, d->widget()->grab().toImage());
  }
  for (QDockWidget* d : in_front) d->raise();
  QApplication::processEvents();
  return written;
}

void MainWindow::makeThumbnails() {
  // One shader per event-loop turn, so the window stays responsive while they render.
  auto* timer = new QTimer(this);
  auto next = std::make_shared<int>(0);
  connect(timer, &QTimer::timeout, this, [this, timer, next] {
    const auto& lib = render::builtinShaders();
    if (*next >= int(lib.size()) || *next >= library_->count()) {
      timer->deleteLater();
      return;
    }
    QString error;
    const cv::Mat img = renderShaderText(lib[size_t(*next)].source, shader_time_->value(), &error);
    if (!img.empty()) {
      cv::Mat small;
      cv::resize(img, small, cv::Size(40, 40), 0, 0, cv::INTER_AREA);
      const QImage q(small.data, small.cols, small.rows, int(small.step), QImage::Format_RGB888);
      library_->item(*next)->setIcon(QIcon(QPixmap::fromImage(q.copy())));
    }
    ++*next;
  });
  timer->start(0);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  const QStringList live = training_->liveRuns();
  CloseRuns choice = close_runs_;
  if (!live.isEmpty() && choice == CloseRuns::Ask) {
    QMessageBox box(QMessageBox::Question, "Training runs are active",
                    QString("%1 training run(s) are running:\n%2\n\nThey run detached: they can "
                            "keep training after the workbench closes, and it re-attaches to "
                            "them on its next start.")
                        .arg(live.size())
                        .arg(live.join('\n')),
                    QMessageBox::NoButton, this);
    QPushButton* keep = box.addButton("Keep training", QMessageBox::AcceptRole);
    QPushButton* stop = box.addButton("Stop (checkpoint)", QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == keep)
      choice = CloseRuns::KeepTraining;
    else if (box.clickedButton() == stop)
      choice = CloseRuns::StopRuns;
    else
      return event->ignore();
  }
  if (!live.isEmpty() && choice == CloseRuns::StopRuns) training_->stopAll();
  saveState();
  if (job_ && job_->state() != QProcess::NotRunning) job_->kill();
  event->accept();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu("&File");
  QAction* open = file->addAction("&Open image...", this, &MainWindow::openImage);
  open->setShortcut(QKeySequence::Open);
  file->addAction("Open image &folder...", this, &MainWindow::openFolder);
  file->addAction("Open &video (PMG-Aug)...", this, &MainWindow::openVideo)
      ->setShortcut(QKeySequence("Ctrl+Shift+V"));
  file->addAction("Open s&hader...", this, &MainWindow::openShader)
      ->setShortcut(QKeySequence("Ctrl+Shift+H"));
  file->addAction("Open &run...", this, &MainWindow::openRun)
      ->setShortcut(QKeySequence("Ctrl+Shift+R"));
  recent_menu_ = file->addMenu("Recent");
  updateRecentMenu();
  file->addAction("&Load preset...", this, &MainWindow::loadPreset);
  QAction* save = file->addAction("&Save preset...", this, &MainWindow::savePreset);
  save->setShortcut(QKeySequence::Save);
  file->addSeparator();
  QAction* quit = file->addAction("&Quit", this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  QMenu* tools = menuBar()->addMenu("&Tools");
  tools->addAction("&Generate dataset...", this, &MainWindow::generateDataset);
  tools->addAction("&Render dataset...", this, &MainWindow::renderDataset);
  tools->addAction("&Cancel job", this, &MainWindow::cancelJob);
  QMenu* view = menuBar()->addMenu("&View");
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
  view->addSeparator();
  view->addAction("&Reset layout", this, &MainWindow::resetLayout);
}

void MainWindow::addDock(const QString& title, const QString& name, QWidget* content,
                         Qt::DockWidgetArea area, bool scroll) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);
  if (scroll) {  // the dock scrolls instead of imposing its content's minimum on the window
    auto* area_widget = new QScrollArea;
    area_widget->setWidget(content);
    area_widget->setWidgetResizable(true);
    area_widget->setFrameShape(QFrame::NoFrame);
    dock->setWidget(area_widget);
  } else {
    dock->setWidget(content);
  }
  addDockWidget(area, dock);
}

void MainWindow::buildDocks() {
  buildSourceDock();
  buildShadersDock();
  buildRunDocks();
  buildExperimentsDock();
  buildLogDock();
  connectAcrossDocks();
}

void MainWindow::buildSourceDock() {
  // Source: the shader library (with search) and a time for the still image.
  auto* source = new QWidget;
  auto* sl = new QVBoxLayout(source);
  filter_ = new QLineEdit;
  filter_->setPlaceholderText("search shaders...");
  library_ = new QListWidget;
  library_->setObjectName("ShaderLibrary");
  library_->setIconSize(QSize(40, 40));
  library_->setMinimumHeight(120);
  for (const auto& e : render::builtinShaders()) {
    auto* item = new QListWidgetItem(QString::fromStdString(e.name + "  [" + e.family + "]"));
    item->setToolTip(QString::fromStdString(e.id));
    library_->addItem(item);
  }
  shader_time_ = new QDoubleSpinBox;
  shader_time_->setRange(0.0, 100.0);
  shader_time_->setValue(2.0);
  shader_time_->setToolTip("iTime at which the shader is rendered as the PMG source image");
  sl->addWidget(filter_);
  sl->addWidget(library_, 1);
  auto* form = new QFormLayout;
  form->addRow("shader time (s)", shader_time_);
  sl->addLayout(form);
  auto* open_button = new QPushButton("Open image...");
  sl->addWidget(open_button);
  auto* partner_button = new QPushButton("Use as mix partner");
  partner_button->setToolTip(
      "The selected shader becomes the second source of mixup / VideoMix in the PMG panel");
  sl->addWidget(partner_button);
  connect(partner_button, &QPushButton::clicked, this,
          [this] { useLibraryShaderAsPartner(library_->currentRow()); });
  connect(open_button, &QPushButton::clicked, this, &MainWindow::openImage);
  connect(filter_, &QLineEdit::textChanged, this, [this](const QString& t) {
    for (int i = 0; i < library_->count(); ++i)
      library_->item(i)->setHidden(!library_->item(i)->text().contains(t, Qt::CaseInsensitive));
  });
  connect(library_, &QListWidget::currentRowChanged, this,
          [this](int row) { useLibraryShader(row); });
  connect(shader_time_, &QDoubleSpinBox::valueChanged, this,
          [this] { useLibraryShader(library_->currentRow()); });
  addDock("Source", "SourceDock", source, Qt::LeftDockWidgetArea, true);
}

void MainWindow::buildShadersDock() {
  // Shaders: GLSL editor checked in the worker process as you type.
  shader_panel_ = new ShaderEditorPanel;
  connect(shader_panel_, &ShaderEditorPanel::programReady, this, [this](const QString& text) {
    const auto entry = render::parseShaderText("editor", text.toStdString());  // probed text
    viewport_->setPreviewShader(entry.source, entry.common);
  });
  connect(shader_panel_, &ShaderEditorPanel::useAsSourceRequested, this,
          [this](const QString& text) {
            QString error;
            const cv::Mat img = renderUserShader(text.toStdString(), shader_time_->value(), &error);
            if (img.empty()) return log("edited shader: " + error);
            preview_.setSource(img, "edited shader");
            viewport_->clipChanged();
            showSourceStatus();
          });
  connect(shader_panel_, &ShaderEditorPanel::logMessage, this, &MainWindow::log);
  addDock("Shaders", "ShadersDock", shader_panel_, Qt::RightDockWidgetArea, false);
}

void MainWindow::buildRunDocks() {
  training_ = new TrainingPanel([this] { return preview_.config(); });
  addDock("Training", "TrainingDock", training_, Qt::RightDockWidgetArea, false);
  reconstruction_ = new ReconstructionPanel;
  reconstruction_->setCurrentClipSource([this] { return preview_.clip().clip; });
  addDock("Reconstruction", "ReconstructionDock", reconstruction_, Qt::BottomDockWidgetArea, false);
  connect(training_, &TrainingPanel::runSelected, reconstruction_, &ReconstructionPanel::setRun);
  connect(training_, &TrainingPanel::liveRunsChanged, viewport_,
          &ViewportWidget::setTrainingActive);
}

void MainWindow::buildExperimentsDock() {
  experiments_ = new ExperimentPanel;
  addDock("Experiments", "ExperimentsDock", experiments_, Qt::RightDockWidgetArea, false);
  connect(experiments_, &ExperimentPanel::logMessage, this, &MainWindow::log);
  connect(experiments_, &ExperimentPanel::cellOpened, this,
          [this](const QString& pretrain, const QString& evaluation) {
            if (!pretrain.isEmpty()) {
              training_->attach(pretrain);
              reconstruction_->setRun(pretrain);
              findChild<QDockWidget*>("TrainingDock")->raise();
            }
            log("experiment cell: pre-training " +
                (pretrain.isEmpty() ? "none (from scratch)" : pretrain) +
                (evaluation.isEmpty() ? "" : "; evaluation " + evaluation));
          });
}

void MainWindow::buildLogDock() {
  log_ = new QPlainTextEdit;
  log_->setReadOnly(true);
  log_->setLineWrapMode(QPlainTextEdit::NoWrap);
  addDock("Log", "LogDock", log_, Qt::BottomDockWidgetArea, false);
  // Tabs instead of stacks: Shaders | Training on the right, Reconstruction | Log below.
  auto dock = [this](const char* name) { return findChild<QDockWidget*>(name); };
  tabifyDockWidget(dock("ShadersDock"), dock("TrainingDock"));
  tabifyDockWidget(dock("TrainingDock"), dock("ExperimentsDock"));
  tabifyDockWidget(dock("ReconstructionDock"), dock("LogDock"));
  dock("ShadersDock")->raise();
  dock("ReconstructionDock")->raise();
}

void MainWindow::connectAcrossDocks() {
  connect(viewport_, &ViewportWidget::logMessage, this, &MainWindow::log);
  connect(viewport_, &ViewportWidget::trainingViewRequested, this, [this] {
    const auto [frames, size] = training_->modelShape();
    PmgConfig c = preview_.config();
    c.frames = frames;
    c.size = size;
    preview_.setConfig(c);
    viewport_->clipChanged();
    log(QString("preview shows clips as the Training form's model gets them: %1 frames of "
                "%2x%2 (the loader also mirrors half of the clips: 'flip')")
            .arg(frames)
            .arg(size));
  });
  connect(training_, &TrainingPanel::logMessage, this, &MainWindow::log);
  connect(reconstruction_, &ReconstructionPanel::logMessage, this, &MainWindow::log);
}

void MainWindow::log(const QString& line) {
  log_->appendPlainText(line);
}

}  // namespace pmg::gui
