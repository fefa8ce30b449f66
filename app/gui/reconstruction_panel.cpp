#include "reconstruction_panel.h"

#include "pmg/video_io.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
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
  auto* current_button = new QPushButton("Reconstruct PMG clip");
  current_button->setToolTip("Run pmg reconstruct on the clip playing in the viewport");
  buttons->addWidget(current_button);
  connect(current_button, &QPushButton::clicked, this, [this] {
    if (!current_clip_) return;
    const Clip clip = current_clip_();
    if (clip.empty()) return;
    const QString path = QDir::temp().filePath("pmg-current-clip.mp4");
    writeClipMp4(path.toStdString(), clip);
    reconstruct(path);
  });
  buttons->addWidget(export_button);
  auto* export_video_button = new QPushButton("Export MP4...");
  export_video_button->setToolTip(
      "The four panels side by side, one video frame per clip frame, at the chosen heatmap "
      "opacity");
  buttons->addWidget(export_video_button);
  connect(export_video_button, &QPushButton::clicked, this, [this] {
    const QString out =
        QFileDialog::getSaveFileName(this, "Export video", "reconstruction.mp4", "MP4 (*.mp4)");
    if (!out.isEmpty()) exportVideo(out);
  });
  layout->addLayout(buttons);
  image_ = new QLabel("select a run and a snapshot");
  auto* scroll = new QScrollArea;
  scroll->setWidget(image_);
  scroll->setWidgetResizable(false);
  layout->addWidget(scroll, 1);
  auto* scrub = new QHBoxLayout;
  frame_slider_ = new QSlider(Qt::Horizontal);
  frame_slider_->setToolTip("Frame");
  opacity_slider_ = new QSlider(Qt::Horizontal);
  opacity_slider_->setRange(0, 100);
  opacity_slider_->setValue(60);
  opacity_slider_->setToolTip("Heatmap opacity");
  scrub->addWidget(new QLabel("frame"));
  scrub->addWidget(frame_slider_, 3);
  scrub->addWidget(new QLabel("heatmap opacity"));
  scrub->addWidget(opacity_slider_, 1);
  layout->addLayout(scrub);
  frame_info_ = new QLabel;
  layout->addWidget(frame_info_);
  frame_view_ = new QLabel;
  layout->addWidget(frame_view_);
  auto redraw = [this] { showFrame(frame_slider_->value(), opacity_slider_->value() / 100.0); };
  connect(frame_slider_, &QSlider::valueChanged, this, redraw);
  connect(opacity_slider_, &QSlider::valueChanged, this, redraw);
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
  try {  // the arrays beside the figure drive the frame scrubber
    panels_ = std::make_unique<ReconstructionPanels>(
        loadReconstruction(QFileInfo(path).absolutePath().toStdString()));
    frame_slider_->setRange(0, panels_->original.frames - 1);
    showFrame(frame_slider_->value(), opacity_slider_->value() / 100.0);
  } catch (const std::exception& e) {
    panels_.reset();
    frame_info_->setText(QString("no arrays for the scrubber: ") + e.what());
  }
  return true;
}

bool ReconstructionPanel::exportVideo(const QString& path) {
  if (!panels_) return false;
  try {
    writeReconstructionVideo(*panels_, path.toStdString(), opacity_slider_->value() / 100.0);
  } catch (const std::exception& e) {
    emit logMessage(QString("export failed: ") + e.what());
    return false;
  }
  emit logMessage("exported " + path);
  return true;
}

void ReconstructionPanel::showFrame(int t, double opacity) {
  if (!panels_ || t < 0 || t >= panels_->original.frames) return;
  const cv::Mat rgb = reconstructionFrame(*panels_, t, opacity);
  const QImage image(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888);
  const int scale = std::max(1, 128 / std::max(1, panels_->original.height));
  frame_view_->setPixmap(
      QPixmap::fromImage(image.copy()).scaled(rgb.cols * scale, rgb.rows * scale));
  // Per-frame loss: mean over the masked patches of the frame's tube slice.
  const size_t slice =
      std::min(panels_->patch_loss.size() - 1,
               size_t(t * panels_->patch_loss.size() / size_t(panels_->original.frames)));
  const cv::Mat& mask = panels_->masked[slice];
  const double mean = cv::countNonZero(mask)
                          ? cv::sum(panels_->patch_loss[slice])[0] / cv::countNonZero(mask)
                          : 0.0;
  frame_info_->setText(QString("frame %1 / %2   masked-patch loss %3")
                           .arg(t)
                           .arg(panels_->original.frames - 1)
                           .arg(mean, 0, 'f', 4));
}

void ReconstructionPanel::reconstruct(const QString& input) {
  if (run_.isEmpty() || process_->state() != QProcess::NotRunning) return;
  const QStringList args = {
      "reconstruct", "--run", run_, "--input", input, "--out", run_ + "/reconstructions/latest"};
  emit logMessage("$ pmg " + args.join(' '));
  process_->start(QApplication::applicationDirPath() + "/pmg", args);
}

}  // namespace pmg::gui
