// MainWindow's dataset jobs (Tools > Generate / Render dataset, run as `pmg` child
// processes with progress in the status bar) and PMG presets (File > Load / Save).
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <fstream>

#include "shaders/code_editor.h"
#include "shaders/shader_editor_panel.h"
#include "shell/main_window.h"
#include "source/dataset_dialog.h"
#include "viewport/viewport_widget.h"

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
    log("a dataset job is already running: cancel it first");
    return false;
  }
  const QString pmg = QApplication::applicationDirPath() + "/pmg";
  log("$ " + pmg + " " + args.join(' '));
  if (!job_) {
    job_ = new QProcess(this);
    job_->setProcessChannelMode(QProcess::MergedChannels);
    connect(job_, &QProcess::readyRead, this, [this] {
      const QString text = QString::fromLocal8Bit(job_->readAll());
      // The progress bar's latest state: "name [###...] n/N ..."
      const QString last = text.section('\r', -1).trimmed();
      const auto m = QRegularExpression(R"((\d+)/(\d+)\s+[\d.]+%)").match(last);
      if (m.hasMatch()) {
        job_progress_->setRange(0, m.captured(2).toInt());
        job_progress_->setValue(m.captured(1).toInt());
      }
      job_progress_->setFormat(last.section(']', -1).trimmed().left(60));
      if (text.contains('\n')) log(text.trimmed().section('\r', -1));
    });
    connect(job_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
      job_progress_->hide();
      job_cancel_->hide();
      const QString what = status == QProcess::CrashExit ? QString("cancelled or crashed")
                                                         : QString("exit code %1").arg(code);
      log("dataset job finished: " + what);
      status_->setText("dataset job finished: " + what);
    });
  }
  job_progress_->setRange(0, 0);  // busy until the first progress line
  job_progress_->show();
  job_cancel_->show();
  job_->start(pmg, args);
  return true;
}

void MainWindow::cancelJob() {
  if (job_ && job_->state() != QProcess::NotRunning) job_->kill();
}

void MainWindow::generateDataset() {
  const QString shown = QString::fromStdString(preview_.sourceLabel());
  const auto& c = preview_.config();
  QStringList transforms;
  for (const auto& t : c.transforms)
    if (t.weight > 0) transforms << QString::fromStdString(transformName(t.kind));
  const QString settings =
      QString("%1; %2%3 (the PMG panel's settings, saved beside the clips)")
          .arg(transforms.join(" + "))
          .arg(c.batch_mix == BatchMix::None ? "no mixing" : "batch mixing")
          .arg(c.mode == RecursionMode::Recursive ? ", recursive" : ", composed");
  DatasetDialog dialog(DatasetDialog::Kind::GenerateClips,
                       QFileInfo::exists(shown) ? shown : QString("library"), settings, this);
  if (dialog.exec() != QDialog::Accepted) return;
  QDir().mkpath(dialog.outputFolder());
  const QString config = dialog.outputFolder() + "/gui-preset.json";
  std::ofstream(config.toStdString()) << toJson(preview_.config()).dump(2) << "\n";
  startJob(dialog.arguments(config));
}

void MainWindow::renderDataset() {
  // The shader in the editor when it was edited, else the whole library.
  QString source = "library";
  if (shader_panel_->editor()->document()->isModified()) {
    source = QDir::temp().filePath("pmg-edited-shader.glsl");
    std::ofstream(source.toStdString()) << shader_panel_->editor()->toPlainText().toStdString();
  }
  DatasetDialog dialog(DatasetDialog::Kind::RenderImages, source, QString(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  startJob(dialog.arguments(QString()));
}

}  // namespace pmg::gui
