#include "runs/reconstruction_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "pmg/figures/reconstruction_export.h"
#include "pmg/media/image_io.h"
#include "pmg/media/video_io.h"

namespace pmg::gui {

namespace {

/// A label that shows its image scaled to fit, keeping the aspect ratio and crisp pixels.
class FitImage : public QLabel {
 public:
  FitImage() {
    setAlignment(Qt::AlignCenter);
    setMinimumSize(120, 60);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
  }
  void setImage(const QImage& image) {
    image_ = image;
    rescale();
  }

 protected:
  void resizeEvent(QResizeEvent* e) override {
    QLabel::resizeEvent(e);
    rescale();
  }

 private:
  void rescale() {
    if (image_.isNull()) return;
    setPixmap(
        QPixmap::fromImage(image_).scaled(size(), Qt::KeepAspectRatio, Qt::FastTransformation));
  }
  QImage image_;
};

QImage toQImage(const cv::Mat& rgb) {
  return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

QStringList stepDirs(const QString& dir) {
  QStringList steps = QDir(dir).entryList({"step-*"}, QDir::Dirs);
  std::sort(steps.begin(), steps.end(), [](const QString& a, const QString& b) {
    return a.mid(5).toLongLong() < b.mid(5).toLongLong();
  });
  return steps;
}

QJsonObject readMeta(const QString& dir) {
  QFile f(dir + "/meta.json");
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

QString ReconstructionPanel::QFileInfoDir(const QString& figure_path) {
  return QFileInfo(figure_path).absolutePath();
}

ReconstructionPanel::ReconstructionPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->setChildrenCollapsible(false);
  layout->addWidget(splitter);
  splitter->addWidget(buildSources());
  splitter->addWidget(buildViewer());
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 4);
  watchReconstructProcess();
  poll_ = new QTimer(this);
  poll_->setInterval(2000);  // new snapshots and checkpoints of a run that is training
  connect(poll_, &QTimer::timeout, this, &ReconstructionPanel::refreshLists);
  poll_->start();
}

QWidget* ReconstructionPanel::buildSources() {
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  snapshots_ = new QListWidget;
  snapshots_->setToolTip(
      "Snapshots written during training (pmg train --snapshot-every): the "
      "training batch reconstructed with the weights of that step");
  snapshots_->setMinimumHeight(36);
  history_ = new QListWidget;
  history_->setMinimumHeight(36);
  history_->setToolTip("Every reconstruction made for this run, newest first");
  checkpoint_ = new QComboBox;
  checkpoint_->setToolTip("The weights used by Reconstruct: exactly this checkpoint");
  auto* clip_button = new QPushButton("Reconstruct clip...");
  clip_button->setToolTip("pmg reconstruct on a video file or an image (animated by PMG)");
  auto* current_button = new QPushButton("Reconstruct PMG clip");
  current_button->setToolTip("pmg reconstruct on the clip playing in the viewport");
  auto* form = new QFormLayout;
  form->addRow("weights", checkpoint_);
  ll->addWidget(new QLabel("Snapshots"));
  ll->addWidget(snapshots_, 2);
  ll->addLayout(form);
  auto* make_row = new QHBoxLayout;
  make_row->addWidget(clip_button);
  make_row->addWidget(current_button);
  ll->addLayout(make_row);
  ll->addWidget(new QLabel("Reconstructions"));
  ll->addWidget(history_, 1);
  connect(snapshots_, &QListWidget::currentTextChanged, this, [this](const QString& name) {
    if (!name.isEmpty()) showResult(run_ + "/snapshots/" + name);
  });
  connect(history_, &QListWidget::currentTextChanged, this, [this](const QString& name) {
    if (!name.isEmpty()) showResult(run_ + "/reconstructions/" + name);
  });
  connect(clip_button, &QPushButton::clicked, this, [this] {
    const QString input = QFileDialog::getOpenFileName(
        this, "Clip to reconstruct", QString(),
        "Videos and images (*.mp4 *.avi *.mkv *.mov *.webm *.png *.jpg *.jpeg)");
    if (!input.isEmpty()) reconstruct(input);
  });
  connect(current_button, &QPushButton::clicked, this, [this] {
    if (!current_clip_) return;
    const Clip clip = current_clip_();
    if (clip.empty()) return;
    const QString path = QDir::temp().filePath("pmg-current-clip.mp4");
    writeClipMp4(path.toStdString(), clip);
    reconstruct(path);
  });
  return left;
}

QWidget* ReconstructionPanel::buildViewer() {
  auto* right = new QWidget;
  auto* rl = new QVBoxLayout(right);
  rl->setContentsMargins(0, 0, 0, 0);
  title_label_ = new QLabel("select a run and a snapshot, or reconstruct a clip");
  title_label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  title_label_->setStyleSheet("font-weight: bold;");
  rl->addWidget(title_label_);
  frame_view_ = new FitImage;
  rl->addWidget(frame_view_, 1);
  auto* scrub = new QHBoxLayout;
  frame_slider_ = new QSlider(Qt::Horizontal);
  frame_slider_->setToolTip("Frame");
  opacity_slider_ = new QSlider(Qt::Horizontal);
  opacity_slider_->setRange(0, 100);
  opacity_slider_->setValue(60);
  opacity_slider_->setToolTip("Heatmap opacity (also used by the exports)");
  frame_info_ = new QLabel;
  scrub->addWidget(new QLabel("frame"));
  scrub->addWidget(frame_slider_, 3);
  scrub->addWidget(frame_info_);
  auto* output = new QHBoxLayout;  // a row of its own: the scrubber keeps its width
  output->addWidget(new QLabel("heatmap opacity"));
  output->addWidget(opacity_slider_, 1);
  auto* export_png = new QPushButton("Export PNG...");
  export_png->setToolTip("All frames at the chosen opacity, titled with run, weights and input");
  auto* export_mp4 = new QPushButton("Export MP4...");
  export_mp4->setToolTip(
      "Titled panels of >= 224 px, frame index and colour bar; H.264 when "
      "available");
  output->addWidget(export_png);
  output->addWidget(export_mp4);
  rl->addLayout(scrub);
  rl->addLayout(output);
  auto redraw = [this] { showFrame(frame_slider_->value(), opacity_slider_->value() / 100.0); };
  connect(frame_slider_, &QSlider::valueChanged, this, redraw);
  connect(opacity_slider_, &QSlider::valueChanged, this, redraw);
  connect(export_png, &QPushButton::clicked, this, [this] {
    const QString out =
        QFileDialog::getSaveFileName(this, "Export figure", "reconstruction.png", "PNG (*.png)");
    if (!out.isEmpty()) exportPng(out);
  });
  connect(export_mp4, &QPushButton::clicked, this, [this] {
    const QString out =
        QFileDialog::getSaveFileName(this, "Export video", "reconstruction.mp4", "MP4 (*.mp4)");
    if (!out.isEmpty()) exportVideo(out);
  });
  return right;
}

void ReconstructionPanel::watchReconstructProcess() {
  process_ = new QProcess(this);
  process_->setProcessChannelMode(QProcess::MergedChannels);
  connect(process_, &QProcess::finished, this, [this](int code) {
    emit logMessage(QString::fromLocal8Bit(process_->readAll()).trimmed());
    if (code != 0)
      return emit logMessage("reconstruction failed (exit code " + QString::number(code) + ")");
    QFile meta(pending_dir_ + "/meta.json");
    if (meta.open(QIODevice::WriteOnly))
      meta.write(
          QJsonDocument(QJsonObject{{"title", pending_title_},
                                    {"time", QDateTime::currentDateTime().toString(Qt::ISODate)}})
              .toJson());
    meta.close();
    refreshLists();
    const QString name = QFileInfo(pending_dir_).fileName();
    const auto found = history_->findItems(name, Qt::MatchExactly);
    if (!found.isEmpty()) history_->setCurrentItem(found.first());
    showResult(pending_dir_);
  });
}

bool ReconstructionPanel::busy() const {
  return process_->state() != QProcess::NotRunning;
}

QStringList ReconstructionPanel::checkpoints() const {
  QStringList out;
  for (int i = 1; i < checkpoint_->count(); ++i) out << checkpoint_->itemData(i).toString();
  return out;
}

bool ReconstructionPanel::setCheckpoint(const QString& name) {
  const int i = name.isEmpty() ? 0 : checkpoint_->findData(name);
  if (i < 0) return false;
  checkpoint_->setCurrentIndex(i);
  return true;
}

void ReconstructionPanel::refreshLists() {
  if (run_.isEmpty()) return;
  const QStringList snaps = stepDirs(run_ + "/snapshots");
  if (snaps.size() != snapshots_->count()) {  // keep the selection; follow the newest if on it
    const bool on_newest = snapshots_->currentRow() == snapshots_->count() - 1;
    const QString current = snapshots_->currentItem() ? snapshots_->currentItem()->text() : "";
    const QSignalBlocker block(snapshots_);
    snapshots_->clear();
    snapshots_->addItems(snaps);
    const auto again = snapshots_->findItems(current, Qt::MatchExactly);
    if (!again.isEmpty() && !on_newest)
      snapshots_->setCurrentItem(again.first());
    else if (!snaps.isEmpty() && on_newest && history_->currentRow() < 0) {
      snapshots_->setCurrentRow(snapshots_->count() - 1);
      showResult(run_ + "/snapshots/" + snaps.last());
    }
  }
  QStringList ckpts = stepDirs(run_ + "/checkpoints");
  std::reverse(ckpts.begin(), ckpts.end());
  if (ckpts != checkpoints()) {
    const QString chosen = checkpoint_->currentData().toString();
    const QSignalBlocker block(checkpoint_);
    checkpoint_->clear();
    checkpoint_->addItem(ckpts.isEmpty() ? "latest (none yet)" : "latest (" + ckpts.first() + ")",
                         QString());
    for (const QString& c : ckpts) checkpoint_->addItem(c, c);
    checkpoint_->setCurrentIndex(std::max(0, checkpoint_->findData(chosen)));
  }
  QStringList recs = QDir(run_ + "/reconstructions")
                         .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
  QStringList shown;
  for (int i = 0; i < history_->count(); ++i) shown << history_->item(i)->text();
  if (recs != shown) {
    const QSignalBlocker block(history_);
    const QString current = history_->currentItem() ? history_->currentItem()->text() : "";
    history_->clear();
    history_->addItems(recs);
    const auto again = history_->findItems(current, Qt::MatchExactly);
    if (!again.isEmpty()) history_->setCurrentItem(again.first());
  }
}

void ReconstructionPanel::setRun(const QString& run_dir) {
  run_ = run_dir;
  {
    const QSignalBlocker b1(snapshots_), b2(history_);
    snapshots_->clear();
    history_->clear();
  }
  checkpoint_->clear();
  refreshLists();
  if (snapshots_->count() > 0) snapshots_->setCurrentRow(snapshots_->count() - 1);
}

bool ReconstructionPanel::showResult(const QString& dir) {
  const QString figure = dir + "/figure.png";
  if (!QFile::exists(figure)) return false;
  figure_ = figure;
  const QString run_name = QFileInfo(run_).fileName();
  const QString name = QFileInfo(dir).fileName();
  const QJsonObject meta = readMeta(dir);
  if (QFileInfo(dir).dir().dirName() == "snapshots")
    title_ = QString("run %1 | snapshot %2 | training batch, weights of step %3")
                 .arg(run_name, name, QString::number(name.mid(5).toLongLong()));
  else
    title_ =
        meta.value("title").toString(QString("run %1 | reconstruction %2").arg(run_name, name));
  title_label_->setText(title_);
  try {  // the arrays beside the figure drive the frame view and the exports
    panels_ = std::make_unique<ReconstructionPanels>(loadReconstruction(dir.toStdString()));
    frame_slider_->setRange(0, panels_->original.frames - 1);
    showFrame(frame_slider_->value(), opacity_slider_->value() / 100.0);
  } catch (const std::exception& e) {
    panels_.reset();
    static_cast<FitImage*>(frame_view_)->setImage(QImage(figure));
    frame_info_->setText(QString("(figure only: ") + e.what() + ")");
  }
  return true;
}

bool ReconstructionPanel::exportVideo(const QString& path) {
  if (!panels_) return false;
  try {
    const std::string codec = writeLabelledReconstructionVideo(
        *panels_, path.toStdString(), opacity_slider_->value() / 100.0, title_.toStdString());
    emit logMessage("exported " + path + " (" + QString::fromStdString(codec) +
                    (codec == "H.264" ? ")" : "; this OpenCV build has no H.264 encoder)"));
  } catch (const std::exception& e) {
    emit logMessage(QString("export failed: ") + e.what());
    return false;
  }
  return true;
}

bool ReconstructionPanel::exportPng(const QString& path) {
  if (!panels_) return false;
  try {
    writeImageRgb(path.toStdString(),
                  labelledReconstructionFigure(*panels_, opacity_slider_->value() / 100.0,
                                               title_.toStdString()));
  } catch (const std::exception& e) {
    emit logMessage(QString("export failed: ") + e.what());
    return false;
  }
  emit logMessage("exported " + path);
  return true;
}

void ReconstructionPanel::showFrame(int t, double opacity) {
  if (!panels_ || t < 0 || t >= panels_->original.frames) return;
  static_cast<FitImage*>(frame_view_)
      ->setImage(toQImage(labelledReconstructionFrame(*panels_, t, opacity, "")));  // title above
  // Per-frame loss: mean over the masked patches of the frame's tube slice.
  const size_t slice =
      std::min(panels_->patch_loss.size() - 1,
               size_t(t * panels_->patch_loss.size() / size_t(panels_->original.frames)));
  const cv::Mat& mask = panels_->masked[slice];
  const double mean = cv::countNonZero(mask)
                          ? cv::sum(panels_->patch_loss[slice])[0] / cv::countNonZero(mask)
                          : 0.0;
  frame_info_->setText(QString("%1 / %2   masked-patch loss %3")
                           .arg(t)
                           .arg(panels_->original.frames - 1)
                           .arg(mean, 0, 'f', 4));
}

void ReconstructionPanel::reconstruct(const QString& input) {
  if (run_.isEmpty() || busy()) return;
  QString ckpt = checkpoint_->currentData().toString();
  if (ckpt.isEmpty()) {  // "latest": resolve it now, so the result names exact weights
    QStringList all = stepDirs(run_ + "/checkpoints");
    QFile latest(run_ + "/checkpoints/latest");
    if (latest.open(QIODevice::ReadOnly)) ckpt = QString::fromUtf8(latest.readAll()).trimmed();
    if (ckpt.isEmpty() && !all.isEmpty()) ckpt = all.last();
  }
  if (ckpt.isEmpty()) return emit logMessage("reconstruct: the run has no checkpoint yet");
  const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss-zzz");
  QString base = QFileInfo(input).completeBaseName();
  base.replace(QRegularExpression("[^A-Za-z0-9_.-]"), "_");
  pending_dir_ = run_ + "/reconstructions/" + stamp + "-" + base + "-" + ckpt;
  pending_title_ = QString("run %1 | %2 | weights of %3 (step %4)")
                       .arg(QFileInfo(run_).fileName(), QFileInfo(input).fileName(), ckpt,
                            QString::number(ckpt.mid(5).toLongLong()));
  const QStringList args = {
      "reconstruct", "--run", run_,    "--checkpoint", run_ + "/checkpoints/" + ckpt,
      "--input",     input,   "--out", pending_dir_};
  emit logMessage("$ pmg " + args.join(' '));
  process_->start(QApplication::applicationDirPath() + "/pmg", args);
}

}  // namespace pmg::gui
