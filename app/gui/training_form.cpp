// TrainingPanel's config form: its widgets, the exact `pmg train` command it stands
// for, presets that fill it, and the model shape it trains (for the preview).
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>

#include "pmg/train_presets.h"
#include "training_panel.h"

namespace pmg::gui {

QWidget* TrainingPanel::buildForm() {
  auto* form_widget = new QWidget;
  auto* form = new QFormLayout(form_widget);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  model_ = new QComboBox;
  model_->addItems({"tiny", "small", "base", "large"});
  model_->setToolTip("VideoMAE size: tiny for CPU experiments, base = ViT-B as in the paper");
  steps_ = new QSpinBox;
  steps_->setRange(1, 10000000);
  steps_->setValue(200);
  batch_ = new QSpinBox;
  batch_->setRange(1, 4096);
  batch_->setValue(8);
  batch_->setToolTip("Clips per step; lr = base lr x batch / 256 (paper Table 14)");
  lr_ = new QDoubleSpinBox;
  lr_->setDecimals(5);
  lr_->setRange(1e-5, 10.0);
  lr_->setValue(1e-3);
  mask_ = new QDoubleSpinBox;
  mask_->setRange(0.05, 0.95);
  mask_->setSingleStep(0.05);
  mask_->setValue(0.75);
  mask_->setToolTip("Tube mask ratio (paper: 0.75)");
  threads_ = new QSpinBox;
  threads_->setRange(0, 256);
  threads_->setToolTip("CPU threads (0 = all cores)");
  snapshot_every_ = new QSpinBox;
  snapshot_every_->setRange(0, 1000000);
  snapshot_every_->setValue(50);
  snapshot_every_->setToolTip("Write a reconstruction snapshot every N steps (0 = off)");
  source_ = new QLineEdit("library");
  source_->setToolTip(
      "Data mix (paper Table 9): sources separated by ';', each SPEC[:weight]. SPEC: image "
      "folder, video folder (PMG-Aug), .glsl file/folder, 'library', generated@N, fractaldb@N, "
      "visualatom@N. Example: library:0.7; generated@1000:0.3");
  preset_ = new QComboBox;
  preset_->addItem("(none)");
  for (const auto& name : trainPresetNames()) preset_->addItem(QString::fromStdString(name));
  preset_->setToolTip(
      "Training preset from assets/presets; choosing one fills the form, and the form's values "
      "override it");
  device_ = new QComboBox;
  device_->addItems({"auto", "cpu", "cuda"});
  device_->setToolTip("auto: CUDA when this LibTorch has it and a GPU is visible, else CPU");
  mask_kind_ = new QComboBox;
  mask_kind_->setObjectName("maskKind");
  mask_kind_->addItems({"tube", "motion", "running-cell"});
  mask_kind_->setToolTip(
      "tube: VideoMAE's tube masking; motion: the masked tokens follow each clip's exact motion "
      "(MGMAE without a flow network); running-cell: tube masking, and the decoder reconstructs "
      "half of the masked tokens (VideoMAE V2's dual masking)");
  pmg_device_ = new QComboBox;
  pmg_device_->setObjectName("pmgDevice");
  pmg_device_->addItems({"auto", "cpu", "device", "cuda"});
  pmg_device_->setToolTip(
      "Where PMG clips are rendered: cpu = the loader's threads; device = LibTorch on the "
      "training device from shipped source images (16x less traffic); cuda = device, which must "
      "be a GPU; auto = device on a GPU, else cpu");
  processes_ = new QSpinBox;
  processes_->setRange(1, 64);
  processes_->setToolTip(
      "Data-parallel processes on this machine: one per GPU with cuda (--gpus), Gloo ranks on "
      "CPU (--nproc); the batch is the global batch");
  epochs_ = new QDoubleSpinBox;
  epochs_->setRange(0, 100000);
  epochs_->setDecimals(1);
  epochs_->setToolTip(
      "Epochs of 'epoch clips' clips; 0 = use steps (PMG data has no natural epoch)");
  epoch_clips_ = new QSpinBox;
  epoch_clips_->setRange(1, 100000000);
  epoch_clips_->setValue(10000);
  epoch_clips_->setToolTip("Clips per epoch (paper: 100k Shaders1k images)");
  form->addRow("preset", preset_);
  form->addRow("model", model_);
  form->addRow("sources", source_);
  form->addRow("device", device_);
  form->addRow("PMG rendered on", pmg_device_);
  form->addRow("GPUs / processes", processes_);
  form->addRow("steps", steps_);
  form->addRow("epochs (0 = steps)", epochs_);
  form->addRow("epoch clips", epoch_clips_);
  form->addRow("batch", batch_);
  form->addRow("base lr", lr_);
  form->addRow("mask ratio", mask_);
  form->addRow("masking", mask_kind_);
  form->addRow("threads", threads_);
  form->addRow("snapshot every", snapshot_every_);
  command_ = new QLabel;
  command_->setWordWrap(true);
  command_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  command_->setStyleSheet("font-family: monospace;");
  command_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  form->addRow(command_);
  auto* scroll = new QScrollArea;
  scroll->setWidget(form_widget);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setMinimumHeight(80);
  return scroll;
}

std::pair<int, int> TrainingPanel::modelShape() const {
  // As videoMaeConfig(): tiny is 8 x 32 x 32, the ViT sizes 16 x 224 x 224.
  int frames = model_->currentText() == "tiny" ? 8 : 16;
  int size = model_->currentText() == "tiny" ? 32 : 224;
  if (preset_->currentIndex() > 0) {
    try {
      const auto t = loadTrainPreset(preset_->currentText().toStdString()).at("train");
      const auto o = t.value("model_overrides", nlohmann::json::object());
      frames = o.value("frames", frames);
      size = o.value("image_size", size);
    } catch (const std::exception&) {
    }
  }
  return {frames, size};
}

QStringList TrainingPanel::commandArguments(const QString& run_dir) const {
  QStringList args = {"train"};
  if (preset_->currentIndex() > 0) args << "--preset" << preset_->currentText();
  for (const QString& spec : source_->text().split(';', Qt::SkipEmptyParts))
    if (!spec.trimmed().isEmpty()) args << "--source" << spec.trimmed();
  args << "--device" << device_->currentText();
  if (pmg_device_->currentText() != "auto") args << "--pmg-device" << pmg_device_->currentText();
  if (mask_kind_->currentText() != "tube") args << "--mask" << mask_kind_->currentText();
  if (processes_->value() > 1)
    args << (device_->currentText() == "cpu" ? "--nproc" : "--gpus")
         << QString::number(processes_->value());
  if (epochs_->value() > 0)
    args << "--epochs" << QString::number(epochs_->value()) << "--epoch-clips"
         << QString::number(epoch_clips_->value());
  return args + QStringList{"--model",
                            model_->currentText(),
                            "--steps",
                            QString::number(steps_->value()),
                            "--batch",
                            QString::number(batch_->value()),
                            "--lr",
                            QString::number(lr_->value()),
                            "--mask-ratio",
                            QString::number(mask_->value()),
                            "--threads",
                            QString::number(threads_->value()),
                            "--snapshot-every",
                            QString::number(snapshot_every_->value()),
                            "--pmg-config",
                            run_dir + ".pmg.json",
                            "--out",
                            run_dir};
}

void TrainingPanel::setForm(const QString& model, int steps, int batch, int snapshot_every,
                            int threads) {
  model_->setCurrentText(model);
  steps_->setValue(steps);
  batch_->setValue(batch);
  snapshot_every_->setValue(snapshot_every);
  threads_->setValue(threads);
}

void TrainingPanel::setPlacement(const QString& preset, const QString& sources,
                                 const QString& device, int processes) {
  preset_->setCurrentIndex(preset.isEmpty() ? 0 : preset_->findText(preset));
  source_->setText(sources);
  device_->setCurrentText(device);
  processes_->setValue(processes);
}

void TrainingPanel::applyPreset(const QString& name) {
  if (preset_->currentIndex() <= 0 || restoring_) return updateCommand();
  try {
    const auto t = loadTrainPreset(name.toStdString()).at("train");
    const QSignalBlocker b1(model_), b2(steps_), b3(batch_), b4(lr_), b5(mask_), b6(source_),
        b7(device_), b8(snapshot_every_), b9(pmg_device_), b10(mask_kind_);
    model_->setCurrentText(QString::fromStdString(t.value("model", std::string("tiny"))));
    steps_->setValue(int(t.value("steps", 100L)));
    batch_->setValue(t.value("batch", 8));
    lr_->setValue(t.value("base_lr", 1e-3));
    mask_->setValue(t.value("mask_ratio", 0.75));
    device_->setCurrentText(QString::fromStdString(t.value("device", std::string("auto"))));
    pmg_device_->setCurrentText(QString::fromStdString(t.value("pmg_device", std::string("auto"))));
    mask_kind_->setCurrentText(QString::fromStdString(t.value("mask", std::string("tube"))));
    snapshot_every_->setValue(t.value("snapshot_every", 0));
    QStringList sources;
    for (const auto& src : t.value("sources", nlohmann::json::array()))
      sources << QString::fromStdString(src.value("spec", std::string("library"))) + ":" +
                     QString::number(src.value("weight", 1.0));
    if (!sources.isEmpty()) source_->setText(sources.join("; "));
  } catch (const std::exception& e) {
    emit logMessage(QString("preset %1: %2").arg(name, e.what()));
  }
  updateCommand();
}

void TrainingPanel::updateCommand() {
  command_->setText("$ pmg " + commandArguments("runs/<new>").join(' '));
  if (!restoring_) saveSettings();
}

}  // namespace pmg::gui
