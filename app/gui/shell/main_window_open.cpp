// MainWindow's File > Open actions: images, image folders, videos (PMG-Aug), shaders and
// run directories, and the File > Recent list.
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

#include "pmg/base/rng.h"
#include "pmg/media/image_io.h"
#include "pmg/media/video_io.h"
#include "runs/training_panel.h"
#include "shaders/code_editor.h"
#include "shaders/shader_editor_panel.h"
#include "shell/main_window.h"
#include "viewport/viewport_widget.h"

namespace pmg::gui {

void MainWindow::openImage() {
  const QString path =
      QFileDialog::getOpenFileName(this, "Open image", QSettings().value("recent/dir").toString(),
                                   "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)");
  if (!path.isEmpty()) openPath(path);
}

void MainWindow::openFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Open image folder",
                                                        QSettings().value("recent/dir").toString());
  if (!dir.isEmpty()) openPath(dir);
}

void MainWindow::openVideo() {
  const QString path = QFileDialog::getOpenFileName(
      this, "Open video (PMG-Aug: a random frame is the source)",
      QSettings().value("recent/dir").toString(), "Videos (*.mp4 *.avi *.mkv *.mov *.webm *.m4v)");
  if (!path.isEmpty()) openPath(path);
}

void MainWindow::openShader() {
  const QString path = QFileDialog::getOpenFileName(
      this, "Open shader", QSettings().value("recent/dir").toString(), "GLSL (*.glsl *.frag)");
  if (!path.isEmpty()) openPath(path);
}

void MainWindow::openRun() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Open run directory", "runs");
  if (!dir.isEmpty()) openPath(dir);
}

bool MainWindow::openPath(const QString& path) {
  const QFileInfo info(path);
  QSettings().setValue("recent/dir", info.isDir() ? path : info.absolutePath());
  QString error;
  if (info.isDir() && QFileInfo::exists(path + "/events.jsonl")) {  // a training run
    training_->attach(path);
  } else if (info.isDir()) {  // an image folder: its first readable image
    const auto files = listImageFiles(path.toStdString());
    for (const auto& f : files) {
      const auto img = loadImageRgb(f);
      if (!img.ok()) continue;
      preview_.setSource(img.rgb, f);
      break;
    }
    if (files.empty()) error = "no image in this folder";
  } else if (hasVideoExtension(path.toStdString())) {
    Rng rng(preview_.seed(), 7);
    const auto frame = readRandomVideoFrame(path.toStdString(), rng);
    if (frame.ok())
      preview_.setSource(frame.rgb, path.toStdString() + " (random frame)");
    else
      error = QString::fromStdString(frame.error);
  } else if (info.suffix() == "glsl" || info.suffix() == "frag") {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
      error = "cannot read the file";
    } else {
      const QString text = QString::fromUtf8(f.readAll());
      shader_panel_->editor()->setPlainText(text);
      const QString problem = shader_panel_->checkNow();  // in the worker, under its watchdog
      const cv::Mat img = problem.isEmpty()
                              ? renderUserShader(text.toStdString(), shader_time_->value(), &error)
                              : cv::Mat();
      if (!img.empty()) preview_.setSource(img, path.toStdString());
      if (!problem.isEmpty()) error = problem;
    }
  } else {
    const auto img = loadImageRgb(path.toStdString());
    if (img.ok())
      preview_.setSource(img.rgb, path.toStdString());
    else
      error = QString::fromStdString(img.error);
  }
  if (!error.isEmpty()) {
    log("open " + path + ": " + error);
    if (isVisible()) QMessageBox::warning(this, "Open", path + ": " + error);
    return false;
  }
  viewport_->clipChanged();
  showSourceStatus();
  QStringList recent = QSettings().value("recent/files").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  QSettings().setValue("recent/files", recent.mid(0, 10));
  updateRecentMenu();
  return true;
}

void MainWindow::updateRecentMenu() {
  if (!recent_menu_) return;
  recent_menu_->clear();
  for (const QString& p : QSettings().value("recent/files").toStringList())
    recent_menu_->addAction(p, this, [this, p] { openPath(p); });
  recent_menu_->setEnabled(!recent_menu_->isEmpty());
}

}  // namespace pmg::gui
