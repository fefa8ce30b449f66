#include "reconstruction_panel.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace pmg::gui {

ReconstructionPanel::ReconstructionPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  snapshots_ = new QListWidget;
  snapshots_->setMaximumHeight(110);
  snapshots_->setToolTip(
      "Reconstruction snapshots written during training (pmg train --snapshot-every)");
  layout->addWidget(snapshots_);
  auto* buttons = new QHBoxLayout;
  auto* clip_button = new QPushButton("Reconstruct clip...");
  clip_button->setToolTip("Run pmg reconstruct on a video file or an image (animated by PMG)");
  auto* export_button = new QPushButton("Export PNG...");
  buttons->addWidget(clip_button);
  buttons->addWidget(export_button);
  layout->addLayout(buttons);
  image_ = new QLabel("select a run and a snapshot");
  auto* scroll = new QScrollArea;
  scroll->setWidget(image_);
  scroll->setWidgetResizable(false);
  layout->addWidget(scroll, 1);
  process_ = new QProcess(this);
  process_->setProcessChannelMode(QProcess::MergedChannels);
  connect(snapshots_, &QListWidget::currentTextChanged, this,
          [this](const QString& dir) { showFigure(dir + "/figure.png"); });
  connect(clip_button, &QPushButton::clicked, this, [this] {
    const QString input = QFileDialog::getOpenFileName(
        this, "Clip to reconstruct", QString(),
        "Videos and images (*.mp4 *.avi *.mkv *.mov *.webm *.png *.jpg *.jpeg)");
    if (!input.isEmpty()) reconstruct(input);
  });
  connect(export_button, &QPushButton::clicked, this, [this] {
    if (figure_.isEmpty()) return;
    const QString out =
        QFileDialog::getSaveFileName(this, "Export figure", "reconstruction.png", "PNG (*.png)");
    if (!out.isEmpty()) QFile::copy(figure_, out);
  });
  connect(process_, &QProcess::finished, this, [this](int code) {
    const QString text = QString::fromLocal8Bit(process_->readAll()).trimmed();
    emit logMessage(text);
    if (code == 0) showFigure(run_ + "/reconstructions/latest/figure.png");
  });
}

void ReconstructionPanel::setRun(const QString& run_dir) {
  run_ = run_dir;
  snapshots_->clear();
  QDir dir(run_dir + "/snapshots");
  QStringList steps = dir.entryList({"step-*"}, QDir::Dirs);
  std::sort(steps.begin(), steps.end(),
            [](const QString& a, const QString& b) { return a.mid(5).toInt() < b.mid(5).toInt(); });
  for (const QString& s : steps) snapshots_->addItem(dir.absoluteFilePath(s));
  if (snapshots_->count() > 0) snapshots_->setCurrentRow(snapshots_->count() - 1);
}

bool ReconstructionPanel::showFigure(const QString& path) {
  QPixmap pixmap(path);
  if (pixmap.isNull()) return false;
  figure_ = path;
  image_->setPixmap(pixmap);
  image_->resize(pixmap.size());
  return true;
}

void ReconstructionPanel::reconstruct(const QString& input) {
  if (run_.isEmpty() || process_->state() != QProcess::NotRunning) return;
  const QStringList args = {
      "reconstruct", "--run", run_, "--input", input, "--out", run_ + "/reconstructions/latest"};
  emit logMessage("$ pmg " + args.join(' '));
  process_->start(QApplication::applicationDirPath() + "/pmg", args);
}

}  // namespace pmg::gui
