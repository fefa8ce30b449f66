// TrainingPanel's config form: its widgets, the exact `pmg train` command it stands
// for, presets that fill it, and the model shape it trains (for the preview).
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>
#include <limits>

#include "pmg/config/train_fields.h"
#include "pmg/config/train_options.h"
#include "pmg/config/train_presets.h"
#include "pmg/config/videomae_config.h"
#include "runs/training_panel.h"

namespace pmg::gui {

namespace {

/// Range and tooltip of a spin box from the training option table (pmg/train_fields.h):
/// the bounds `pmg train` and config files accept, so the form never builds a refused command.
void applyBounds(QSpinBox* box, const char* key) {
  const TrainOptionField& f = trainOptionField(key);
  box->setObjectName(QString("train.") + key);
  box->setRange(int(f.lo), int(std::min(f.hi, double(std::numeric_limits<int>::max()))));
  if (box->toolTip().isEmpty()) box->setToolTip(f.help);
}

void applyBounds(QDoubleSpinBox* box, const char* key) {
  const TrainOptionField& f = trainOptionField(key);
  box->setObjectName(QString("train.") + key);
  box->setRange(f.lo, f.hi);
  if (box->toolTip().isEmpty()) box->setToolTip(f.help);
}

/// A name list as Qt strings (combo boxes list what the reader accepts).
QStringList names(const std::vector<std::string>& list) {
  QStringList out;
  for (const auto& n : list) out << QString::fromStdString(n);
  return out;
}

}  // namespace

QWidget* TrainingPanel::buildForm() {
  auto* form_widget = new QWidget;
  auto* form = new QFormLayout(form_widget);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  addDataRows(form);
  addPlacementRows(form);
  addScheduleRows(form);
  addMaskingRows(form);
  addOutputRows(form);
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

void TrainingPanel::addDataRows(QFormLayout* form) {
  preset_ = new QComboBox;
  preset_->addItem("(none)");
  for (const auto& name : trainPresetNames()) preset_->addItem(QString::fromStdString(name));
  preset_->setToolTip(
      "Training preset from assets/presets; choosing one fills the form, and the form's values "
      "override it");
  model_ = new QComboBox;
  model_->addItems(names(modelSizeNames()));
  model_->setToolTip("VideoMAE size: tiny for CPU experiments, base = ViT-B as in the paper");
  source_ = new QLineEdit("library");
  source_->setToolTip(
      "Data mix (paper Table 9): sources separated by ';', each SPEC[:weight]. SPEC: image "
      "folder, video folder (PMG-Aug), .glsl file/folder, 'library', generated@N, fractaldb@N, "
      "visualatom@N. Example: library:0.7; generated@1000:0.3");
  form->addRow("preset", preset_);
  form->addRow("model", model_);
  form->addRow("shape", buildShapeRow());
  form->addRow("sources", source_);
}

QLayout* TrainingPanel::buildShapeRow() {
  // One spin box per shape field of the model table (pmg/config/videomae_config.h), with its
  // bounds, two per line; one below the lower bound is "auto": the model size's own value.
  auto* grid = new QGridLayout;
  grid->setContentsMargins(0, 0, 0, 0);
  for (const ModelField& f : modelFields()) {
    if (!*f.flag) continue;
    const QString label = QString(f.key).section('_', 0, 0);  // image, frames, patch, tubelet
    auto* box = new QSpinBox;
    box->setObjectName(QString("model.") + f.key);
    box->setRange(int(f.lo) - 1, int(f.hi));
    box->setSpecialValueText(label + ": auto");
    box->setPrefix(label + " ");
    box->setToolTip(QString(f.help) + " (" + f.flag + "; auto = the model size's own value)");
    box->setValue(box->minimum());
    const int n = int(shape_.size());
    grid->addWidget(box, n / 2, n % 2);
    shape_.emplace_back(f.key, box);
  }
  return grid;
}

void TrainingPanel::addPlacementRows(QFormLayout* form) {
  device_ = new QComboBox;
  device_->addItems({"auto", "cpu", "cuda"});
  device_->setToolTip("auto: CUDA when this LibTorch has it and a GPU is visible, else CPU");
  pmg_device_ = new QComboBox;
  pmg_device_->setObjectName("pmgDevice");
  pmg_device_->addItems(names(pmgDeviceNames()));
  pmg_device_->setToolTip(
      "Where PMG clips are rendered: cpu = the loader's threads; device = LibTorch on the "
      "training device from shipped source images (16x less traffic); cuda = device, which must "
      "be a GPU; auto = device on a GPU, else cpu");
  processes_ = new QSpinBox;
  processes_->setRange(1, 64);
  processes_->setToolTip(
      "Data-parallel processes on this machine: one per GPU with cuda (--gpus), Gloo ranks on "
      "CPU (--nproc); the batch is the global batch");
  form->addRow("device", device_);
  form->addRow("PMG rendered on", pmg_device_);
  form->addRow("GPUs / processes", processes_);
}

void TrainingPanel::addScheduleRows(QFormLayout* form) {
  const TrainOptions defaults;
  steps_ = new QSpinBox;
  applyBounds(steps_, "steps");
  steps_->setValue(200);
  epochs_ = new QDoubleSpinBox;
  epochs_->setRange(0, 100000);
  epochs_->setDecimals(1);
  epochs_->setToolTip(
      "Epochs of 'epoch clips' clips; 0 = use steps (PMG data has no natural epoch)");
  epoch_clips_ = new QSpinBox;
  applyBounds(epoch_clips_, "epoch_clips");
  epoch_clips_->setValue(10000);
  epoch_clips_->setToolTip("Clips per epoch (paper: 100k Shaders1k images)");
  batch_ = new QSpinBox;
  batch_->setToolTip("Clips per step; lr = base lr x batch / 256 (paper Table 14)");
  applyBounds(batch_, "batch");
  batch_->setValue(defaults.batch);
  lr_ = new QDoubleSpinBox;
  lr_->setDecimals(9);  // the table's lower bound (1e-9) must be representable
  applyBounds(lr_, "base_lr");
  lr_->setValue(defaults.base_lr);
  form->addRow("steps", steps_);
  form->addRow("epochs (0 = steps)", epochs_);
  form->addRow("epoch clips", epoch_clips_);
  form->addRow("batch", batch_);
  form->addRow("base lr", lr_);
}

void TrainingPanel::addMaskingRows(QFormLayout* form) {
  const TrainOptions defaults;
  mask_ = new QDoubleSpinBox;
  mask_->setSingleStep(0.05);
  applyBounds(mask_, "mask_ratio");
  mask_->setValue(defaults.mask_ratio);
  mask_kind_ = new QComboBox;
  mask_kind_->setObjectName("maskKind");
  mask_kind_->addItems(names(maskKindNames()));
  mask_kind_->setToolTip(
      "tube: VideoMAE's tube masking; motion: the masked tokens follow each clip's exact motion "
      "(MGMAE without a flow network); running-cell: tube masking, and the decoder reconstructs "
      "half of the masked tokens (VideoMAE V2's dual masking)");
  form->addRow("mask ratio", mask_);
  form->addRow("masking", mask_kind_);
}

void TrainingPanel::addOutputRows(QFormLayout* form) {
  threads_ = new QSpinBox;
  threads_->setToolTip("CPU threads (0 = all cores)");
  applyBounds(threads_, "threads");
  snapshot_every_ = new QSpinBox;
  applyBounds(snapshot_every_, "snapshot_every");
  snapshot_every_->setValue(50);
  snapshot_every_->setToolTip("Write a reconstruction snapshot every N steps (0 = off)");
  form->addRow("threads", threads_);
  form->addRow("snapshot every", snapshot_every_);
}

std::pair<int, int> TrainingPanel::modelShape() const {
  // The trainer's own sizes (pmg/videomae_config.h), with the preset's overrides.
  nlohmann::json overrides = nlohmann::json::object();
  if (preset_->currentIndex() > 0) {
    try {
      const auto t = loadTrainPreset(preset_->currentText().toStdString()).at("train");
      overrides = t.value("model_overrides", overrides);
    } catch (const std::exception&) {
    }
  }
  for (const auto& [key, box] : shape_)
    if (box->value() > box->minimum()) overrides[key] = box->value();
  try {
    const VideoMaeConfig c = videoMaeConfig(model_->currentText().toStdString(), overrides);
    return {c.frames, c.image_size};
  } catch (const std::exception&) {
    const VideoMaeConfig c = videoMaeConfig(model_->currentText().toStdString());
    return {c.frames, c.image_size};
  }
}

QStringList TrainingPanel::commandArguments(const QString& run_dir) const {
  // Numeric options are spelled with their flag from the option table (pmg/config/train_fields.h).
  const auto option = [](const char* key, double value) {
    const TrainOptionField& f = trainOptionField(key);  // whole numbers never as "1e+06"
    return QStringList{f.flag,
                       f.integer() ? QString::number(qlonglong(value)) : QString::number(value)};
  };
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
  if (epochs_->value() > 0 && epoch_clips_->value() > 0)
    args << "--epochs" << QString::number(epochs_->value())
         << option("epoch_clips", epoch_clips_->value());
  args << "--model" << model_->currentText();
  for (const auto& [key, box] : shape_)
    if (box->value() > box->minimum())
      args << modelField(key).flag << QString::number(box->value());
  args << option("steps", steps_->value()) << option("batch", batch_->value())
       << option("base_lr", lr_->value()) << option("mask_ratio", mask_->value())
       << option("threads", threads_->value())
       << option("snapshot_every", snapshot_every_->value());
  return args << "--pmg-config" << run_dir + ".pmg.json"
              << "--out" << run_dir;
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
    const TrainOptions o = trainOptionsFromJson(t);  // the reader's defaults and checks
    model_->setCurrentText(QString::fromStdString(o.model));
    steps_->setValue(o.steps);
    batch_->setValue(o.batch);
    lr_->setValue(o.base_lr);
    mask_->setValue(o.mask_ratio);
    device_->setCurrentText(QString::fromStdString(o.device));
    pmg_device_->setCurrentText(QString::fromStdString(o.pmg_device));
    mask_kind_->setCurrentText(QString::fromStdString(o.mask));
    snapshot_every_->setValue(o.snapshot_every);
    for (const auto& [key, box] : shape_) {  // the preset's model_overrides, else the size's
      const QSignalBlocker blocker(box);
      box->setValue(o.model_overrides.is_object() && o.model_overrides.contains(key)
                        ? o.model_overrides.at(key).get<int>()
                        : box->minimum());
    }
    QStringList sources;
    for (const auto& src : o.sources)
      sources << QString::fromStdString(src.spec) + ":" + QString::number(src.weight);
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
