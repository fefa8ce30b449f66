#include "main_window.h"

#include "pmg/video_io.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>
#include <fstream>
#include <opencv2/imgproc.hpp>

#include "glsl_highlighter.h"
#include "pmg/image_io.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/render/probe_worker.h"
#include "pmg/render/shader_generator.h"
#include "pmg/render/shader_library.h"
#include "pmg/rng.h"
#include "reconstruction_panel.h"
#include "training_panel.h"
#include "viewport_widget.h"

namespace pmg::gui {

void useCoreProfileByDefault() {
  QSurfaceFormat format;
  format.setVersion(3, 3);
  format.setProfile(QSurfaceFormat::CoreProfile);
  QSurfaceFormat::setDefaultFormat(format);
}

MainWindow::MainWindow() {
  setWindowTitle("PMG Workbench");
  resize(1600, 1000);
  viewport_ = new ViewportWidget(&preview_, this);
  setCentralWidget(viewport_);
  status_ = new QLabel(this);
  statusBar()->addWidget(status_);
  buildDocks();
  buildMenus();
  connect(viewport_, &ViewportWidget::configEdited, this, [this] {
    status_->setText(QString("%1 | regenerated in %2 ms")
                         .arg(QString::fromStdString(transformName(preview_.clip().program.kind)))
                         .arg(preview_.lastGenerateMs(), 0, 'f', 1));
  });
  compile_timer_.setSingleShot(true);
  compile_timer_.setInterval(400);
  // The cached shader renderer lives in the viewport's context: drop it with the context,
  // renderShaderText() recreates it in the new one.
  connect(viewport_, &ViewportWidget::contextAboutToBeLost, this,
          [this] { shader_renderer_.reset(); });
  connect(&compile_timer_, &QTimer::timeout, this, &MainWindow::compileEditorInBackground);
  QSettings s;
  restoreGeometry(s.value("window/geometry").toByteArray());
  restoreState(s.value("window/state").toByteArray());
  // First start: the library is the source, paper-best preset, playing at once.
  QTimer::singleShot(0, this, [this] {
    const int row = QSettings().value("source/library_row", 0).toInt();
    // A partner for the preset's mixup: the next shader of the library.
    useLibraryShaderAsPartner((std::clamp(row, 0, library_->count() - 1) + 1) % library_->count());
    library_->setCurrentRow(std::clamp(row, 0, library_->count() - 1));
    makeThumbnails();
  });
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
  for (QDockWidget* d : findChildren<QDockWidget*>()) {
    QString name = d->windowTitle().toLower();
    name.replace(' ', '-');
    save("dock-" + name, d->grab().toImage());
  }
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

MainWindow::~MainWindow() {
  if (background_check_.valid()) background_check_.wait();  // bounded by the probe deadline
  // GL objects die with their context current.
  viewport_->makeCurrent();
  shader_renderer_.reset();
  viewport_->doneCurrent();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState());
  s.setValue("source/library_row", library_->currentRow());
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
}

void MainWindow::buildDocks() {
  // Source: the shader library (with search) and a time for the still image.
  auto* source = new QWidget;
  auto* sl = new QVBoxLayout(source);
  filter_ = new QLineEdit;
  filter_->setPlaceholderText("search shaders...");
  library_ = new QListWidget;
  library_->setIconSize(QSize(40, 40));
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
  sl->addWidget(library_);
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
  auto* dock = new QDockWidget("Source", this);
  dock->setObjectName("SourceDock");
  dock->setWidget(source);
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  // Shaders: GLSL editor with compile-on-edit and errors at their lines.
  auto* shaders = new QWidget;
  auto* vl = new QVBoxLayout(shaders);
  editor_ = new QPlainTextEdit;
  editor_->setFont(QFont("monospace"));
  new GlslHighlighter(editor_->document());
  errors_ = new QPlainTextEdit;
  errors_->setReadOnly(true);
  errors_->setMaximumHeight(110);
  auto* use = new QPushButton("Use as PMG source");
  auto* random = new QPushButton("Random shader");
  random->setToolTip("A new program from the procedural generator; its seed is in the header");
  auto* random_row = new QHBoxLayout;
  random_row->addWidget(random);
  random_row->addWidget(use);
  vl->addWidget(editor_);
  vl->addWidget(errors_);
  vl->addLayout(random_row);
  connect(random, &QPushButton::clicked, this, [this] {
    const uint64_t seed = mix64(uint64_t(QDateTime::currentMSecsSinceEpoch())) % 1000000;
    editor_->setPlainText(QString::fromStdString(render::generateShader(seed).source));
    log(QString("random shader: generator seed %1").arg(seed));
  });
  connect(editor_, &QPlainTextEdit::textChanged, this, [this] { compile_timer_.start(); });
  connect(use, &QPushButton::clicked, this, [this] {
    // Probe in the worker first: only a shader that compiles and renders within the
    // budget is drawn in the GUI's own context.
    const QString problem = compileEditor();
    if (!problem.isEmpty()) return;
    QString error;
    const cv::Mat img =
        renderShaderText(editor_->toPlainText().toStdString(), shader_time_->value(), &error);
    if (!img.empty()) {
      preview_.setSource(img, "edited shader");
      viewport_->clipChanged();
    }
  });
  dock = new QDockWidget("Shaders", this);
  dock->setObjectName("ShadersDock");
  dock->setWidget(shaders);
  addDockWidget(Qt::RightDockWidgetArea, dock);

  training_ = new TrainingPanel([this] { return preview_.config(); });
  dock = new QDockWidget("Training", this);
  dock->setObjectName("TrainingDock");
  dock->setWidget(training_);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  reconstruction_ = new ReconstructionPanel;
  reconstruction_->setCurrentClipSource([this] { return preview_.clip().clip; });
  dock = new QDockWidget("Reconstruction", this);
  dock->setObjectName("ReconstructionDock");
  dock->setWidget(reconstruction_);
  addDockWidget(Qt::BottomDockWidgetArea, dock);
  connect(training_, &TrainingPanel::runSelected, reconstruction_, &ReconstructionPanel::setRun);
  resizeDocks({dock}, {320}, Qt::Vertical);

  log_ = new QPlainTextEdit;
  log_->setReadOnly(true);
  dock = new QDockWidget("Log", this);
  dock->setObjectName("LogDock");
  dock->setWidget(log_);
  addDockWidget(Qt::BottomDockWidgetArea, dock);
  connect(viewport_, &ViewportWidget::logMessage, this, &MainWindow::log);
  connect(training_, &TrainingPanel::logMessage, this, &MainWindow::log);
  connect(reconstruction_, &ReconstructionPanel::logMessage, this, &MainWindow::log);
}

void MainWindow::log(const QString& line) {
  log_->appendPlainText(line);
}

cv::Mat MainWindow::renderShaderText(const std::string& source, double time, QString* error) {
  viewport_->makeCurrent();
  cv::Mat img;
  {
    // The text may name shared code ("// common: noise"), as library shaders do.
    const render::ShaderEntry entry = render::parseShaderText("editor", source);
    render::ShaderProgram program;
    const auto r = program.compile(entry.source, entry.common);
    if (!r.ok) {
      if (error) *error = QString::fromStdString(r.summary());
    } else if (time >= 0.0) {
      if (!shader_renderer_)
        shader_renderer_ = std::make_unique<render::OffscreenRenderer>(256, 256);
      render::ShaderInputs in;
      in.time = float(time);
      img = shader_renderer_->render(program, in);
    }
  }
  viewport_->doneCurrent();
  return img;
}

bool MainWindow::useLibraryShaderAsPartner(int index) {
  const auto& lib = render::builtinShaders();
  if (index < 0 || index >= int(lib.size())) return false;
  QString error;
  const cv::Mat img = renderShaderText(lib[size_t(index)].source, shader_time_->value(), &error);
  if (img.empty()) return false;
  preview_.setSecondSource(img, lib[size_t(index)].id);
  viewport_->clipChanged();
  log("mix partner: " + QString::fromStdString(lib[size_t(index)].id));
  return true;
}

bool MainWindow::useLibraryShader(int index) {
  const auto& lib = render::builtinShaders();
  if (index < 0 || index >= int(lib.size())) return false;
  QString error;
  const cv::Mat img = renderShaderText(lib[size_t(index)].source, shader_time_->value(), &error);
  if (img.empty()) {
    log("shader " + QString::fromStdString(lib[size_t(index)].id) + " failed:\n" + error);
    return false;
  }
  {
    const QSignalBlocker block(editor_);
    editor_->setPlainText(QString::fromStdString(lib[size_t(index)].source));
  }
  viewport_->setPreviewShader(lib[size_t(index)].source, lib[size_t(index)].common);
  preview_.setSource(img, lib[size_t(index)].id);
  viewport_->clipChanged();
  status_->setText(QString("source %1 | %2 | %3 ms")
                       .arg(QString::fromStdString(lib[size_t(index)].id),
                            QString::fromStdString(transformName(preview_.clip().program.kind)))
                       .arg(preview_.lastGenerateMs(), 0, 'f', 1));
  return true;
}

void MainWindow::compileEditorInBackground() {
  if (background_check_.valid()) {  // one probe at a time; re-check when it is done
    recheck_ = true;
    return;
  }
  const std::string text = editor_->toPlainText().toStdString();
  QPointer<MainWindow> self(this);
  errors_->setPlainText("checking...");
  background_check_ = std::async(std::launch::async, [self, text] {
    render::ProbeWorker worker;  // own process: a hanging shader only stalls this thread
    render::FilterOptions only_compile_and_time;
    only_compile_and_time.content_checks = false;
    QString error;
    try {
      const auto v =
          worker.judge(render::parseShaderText("editor", text), only_compile_and_time, 3000);
      if (!v.accepted) error = QString::fromStdString(v.reason);
    } catch (const std::exception& e) {
      error = e.what();
    }
    QMetaObject::invokeMethod(
        self.data(),
        [self, error, text] {
          if (!self) return;
          self->background_check_.get();
          self->showEditorErrors(error);
          if (error.isEmpty()) {  // probed in the worker: safe to animate in the GUI's context
            const auto entry = render::parseShaderText("editor", text);  // exactly the probed text
            self->viewport_->setPreviewShader(entry.source, entry.common);
          }
          if (self->recheck_) {
            self->recheck_ = false;
            self->compileEditorInBackground();
          }
        },
        Qt::QueuedConnection);
  });
}

void MainWindow::showEditorErrors(const QString& error) {
  errors_->setPlainText(error.isEmpty() ? "compiled OK" : error);
  // Mark every "line N:" of the driver's messages in the editor.
  QList<QTextEdit::ExtraSelection> marks;
  const QRegularExpression re(R"((?<!common )\bline (\d+):)");  // not lines of shared code
  for (auto it = re.globalMatch(error); it.hasNext();) {
    const int line = it.next().captured(1).toInt();
    QTextBlock block = editor_->document()->findBlockByNumber(line - 1);
    if (!block.isValid()) continue;
    QTextEdit::ExtraSelection mark;
    mark.format.setBackground(QColor(255, 200, 200));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    mark.cursor = QTextCursor(block);
    marks << mark;
  }
  editor_->setExtraSelections(marks);
}

QString MainWindow::compileEditor() {
  // Compiled and timed in pmg-shader-worker: a shader that hangs is killed there
  // and never reaches the GUI's GL context.
  if (!probe_) probe_ = std::make_unique<render::ProbeWorker>();
  render::FilterOptions only_compile_and_time;
  only_compile_and_time.content_checks = false;
  QString error;
  try {
    const auto v =
        probe_->judge(render::parseShaderText("editor", editor_->toPlainText().toStdString()),
                      only_compile_and_time, 3000);
    if (!v.accepted) error = QString::fromStdString(v.reason);
  } catch (const std::exception& e) {
    error = e.what();
  }
  showEditorErrors(error);
  return error;
}

void MainWindow::savePreset() {
  const QString path =
      QFileDialog::getSaveFileName(this, "Save PMG preset", "preset.json", "PMG config (*.json)");
  if (path.isEmpty()) return;
  std::ofstream(path.toStdString()) << toJson(preview_.config()).dump(2) << "\n";
  log("saved preset " + path + " (use with: pmg generate --config " + path + ")");
}

void MainWindow::loadPreset() {
  const QString path =
      QFileDialog::getOpenFileName(this, "Load PMG preset", QString(), "PMG config (*.json)");
  if (path.isEmpty()) return;
  try {
    std::ifstream f(path.toStdString());
    preview_.setConfig(pmgConfigFromJson(nlohmann::json::parse(f)));
    viewport_->clipChanged();
  } catch (const std::exception& e) {
    QMessageBox::warning(this, "Load preset", e.what());
  }
}

bool MainWindow::startJob(const QStringList& args) {
  if (job_ && job_->state() != QProcess::NotRunning) {
    log("a dataset job is already running: Tools > Cancel job first");
    return false;
  }
  const QString pmg = QApplication::applicationDirPath() + "/pmg";
  log("$ " + pmg + " " + args.join(' '));
  if (!job_) {
    job_ = new QProcess(this);
    job_->setProcessChannelMode(QProcess::MergedChannels);
    connect(job_, &QProcess::readyRead, this, [this] {
      const QString text = QString::fromLocal8Bit(job_->readAll());
      status_->setText(text.section('\r', -1).trimmed());  // the progress bar's latest state
      if (text.contains('\n')) log(text.trimmed().section('\r', -1));
    });
    connect(job_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
      log(status == QProcess::CrashExit ? QString("job cancelled or crashed")
                                        : QString("job finished with exit code %1").arg(code));
    });
  }
  job_->start(pmg, args);
  return true;
}

void MainWindow::cancelJob() {
  if (job_ && job_->state() != QProcess::NotRunning) job_->kill();
}

void MainWindow::generateDataset() {
  const QString out = QFileDialog::getExistingDirectory(this, "Output folder for the clips");
  if (out.isEmpty()) return;
  const QString config = out + "/gui-preset.json";
  std::ofstream(config.toStdString()) << toJson(preview_.config()).dump(2) << "\n";
  startJob({"generate", "--source", "library", "--config", config, "--count", "64", "--out", out});
}

void MainWindow::renderDataset() {
  const QString out = QFileDialog::getExistingDirectory(this, "Output folder for the images");
  if (out.isEmpty()) return;
  // The shader in the editor when it differs from the library, else the whole library.
  QString source = "library";
  if (editor_->document()->isModified()) {
    source = out + "/edited.glsl";
    std::ofstream(source.toStdString()) << editor_->toPlainText().toStdString();
  }
  startJob({"render", "--source", source, "--count", "256", "--size", "256", "--out", out});
}

}  // namespace pmg::gui
