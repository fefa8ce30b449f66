// MainWindow's dataset jobs (Tools > Generate / Render dataset, run as `pmg` child
// processes with progress in the status bar) and PMG presets (File > Load / Save).
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <fstream>

#include "code_editor.h"
#include "main_window.h"
#include "shader_editor_panel.h"
#include "viewport_widget.h"

namespace pmg::gui {

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
  // The source shown in the viewport when it is a file or folder, else the shader library.
  const QString shown = QString::fromStdString(preview_.sourceLabel());
  const QString source = QFileInfo::exists(shown) ? shown : QString("library");
  startJob({"generate", "--source", source, "--config", config, "--count", "64", "--out", out});
}

void MainWindow::renderDataset() {
  const QString out = QFileDialog::getExistingDirectory(this, "Output folder for the images");
  if (out.isEmpty()) return;
  // The shader in the editor when it differs from the library, else the whole library.
  QString source = "library";
  if (shader_panel_->editor()->document()->isModified()) {
    source = out + "/edited.glsl";
    std::ofstream(source.toStdString()) << shader_panel_->editor()->toPlainText().toStdString();
  }
  startJob({"render", "--source", source, "--count", "256", "--size", "256", "--out", out});
}

}  // namespace pmg::gui
