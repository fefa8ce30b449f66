#include "source/dataset_dialog.h"

#include "pmg/config/pmg_fields.h"
#include "pmg/render/image_dataset.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace pmg::gui {

namespace {

/// A form row of `field` with a "..." button after it; returns the button.
QPushButton* addBrowseRow(QFormLayout* form, const QString& label, QWidget* field) {
  auto* browse = new QPushButton("...");
  auto* row = new QHBoxLayout;
  row->addWidget(field, 1);
  row->addWidget(browse);
  form->addRow(label, row);
  return browse;
}

}  // namespace

DatasetDialog::DatasetDialog(Kind kind, const QString& source, const QString& settings,
                             QWidget* parent)
    : QDialog(parent), kind_(kind) {
  const bool generate = kind == Kind::GenerateClips;
  setWindowTitle(generate ? "Generate pseudo-motion clips" : "Render synthetic images");
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  addSourceRow(form, source);
  if (generate) {
    auto* s = new QLabel(settings);
    s->setWordWrap(true);
    form->addRow("PMG settings", s);
  }
  const QString group = generate ? "generate/" : "render/";
  addShapeRows(form, group);
  addOutputRow(form, group);
  layout->addLayout(form);
  command_ = new QLabel;
  command_->setWordWrap(true);
  command_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  command_->setStyleSheet("font-family: monospace;");
  layout->addWidget(command_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setText(generate ? "Generate" : "Render");
  layout->addWidget(buttons);
  auto update = [this] {
    command_->setText("$ pmg " + arguments("OUT/gui-preset.json").join(' '));
  };
  for (QSpinBox* s : {count_, frames_, size_}) connect(s, &QSpinBox::valueChanged, this, update);
  connect(format_, &QComboBox::currentTextChanged, this, update);
  connect(source_, &QComboBox::currentTextChanged, this, update);
  connect(out_, &QLineEdit::textChanged, this, update);
  connect(buttons, &QDialogButtonBox::accepted, this, [this, group] {
    QSettings s;
    s.setValue(group + "count", count_->value());
    s.setValue(group + "frames", frames_->value());
    s.setValue(group + "size", size_->value());
    s.setValue(group + "format", format_->currentText());
    s.setValue(group + "out", out_->text());
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  update();
}

void DatasetDialog::addSourceRow(QFormLayout* form, const QString& source) {
  const bool generate = kind_ == Kind::GenerateClips;
  source_ = new QComboBox;
  source_->setEditable(true);
  if (!source.isEmpty()) source_->addItem(source);
  const QStringList choices = generate
                                  ? QStringList{"library"}
                                  : QStringList{"library", "generated", "fractaldb", "visualatom"};
  for (const QString& s : choices)
    if (source != s) source_->addItem(s);
  source_->setToolTip(generate ? "Image, image folder, video (PMG-Aug), .glsl or 'library'"
                               : "library | generated | fractaldb | visualatom | FILE.glsl | DIR");
  connect(addBrowseRow(form, "source", source_), &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, "Source", source_->currentText());
    if (!f.isEmpty()) source_->setCurrentText(f);
  });
}

void DatasetDialog::addShapeRows(QFormLayout* form, const QString& group) {
  const bool generate = kind_ == Kind::GenerateClips;
  QSettings st;
  count_ = new QSpinBox;
  count_->setRange(1, 100000000);
  count_->setValue(st.value(group + "count", generate ? 64 : 256).toInt());
  form->addRow(generate ? "clips" : "images", count_);
  // Clip bounds from the PMG field table (the same as `pmg generate` and PMG configs); image
  // bounds from the renderer's (`pmg render --size`).
  const PmgTopField& frames = pmgTopField("frames");
  const PmgTopField& side = pmgTopField("size");
  frames_ = new QSpinBox;
  frames_->setRange(int(frames.lo), int(frames.hi));
  frames_->setValue(st.value(group + "frames", 16).toInt());
  if (generate) form->addRow("frames", frames_);
  size_ = new QSpinBox;
  if (generate)
    size_->setRange(int(side.lo), int(side.hi));
  else
    size_->setRange(render::kMinImageSize, render::kMaxImageSize);
  size_->setValue(st.value(group + "size", generate ? 224 : 256).toInt());
  form->addRow("size (px)", size_);
  format_ = new QComboBox;
  format_->addItems(generate ? QStringList{"mp4", "png", "npy"} : QStringList{"jpg", "png", "raw"});
  format_->setCurrentText(st.value(group + "format", format_->itemText(0)).toString());
  form->addRow("format", format_);
}

void DatasetDialog::addOutputRow(QFormLayout* form, const QString& group) {
  const bool generate = kind_ == Kind::GenerateClips;
  out_ = new QLineEdit(
      QSettings().value(group + "out", generate ? "pmg-clips" : "pmg-images").toString());
  connect(addBrowseRow(form, "output folder", out_), &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, "Output folder", out_->text());
    if (!d.isEmpty()) out_->setText(d);
  });
}

void DatasetDialog::setValues(const QString& source, int count, int size, const QString& format,
                              const QString& out) {
  source_->setCurrentText(source);
  count_->setValue(count);
  size_->setValue(size);
  format_->setCurrentText(format);
  out_->setText(out);
}

QString DatasetDialog::outputFolder() const {
  return out_->text();
}

QStringList DatasetDialog::arguments(const QString& config_file) const {
  const bool generate = kind_ == Kind::GenerateClips;
  QStringList args = {generate ? "generate" : "render", "--source", source_->currentText()};
  if (generate) args << "--config" << config_file;
  args << "--count" << QString::number(count_->value());
  if (generate) args << "--frames" << QString::number(frames_->value());
  return args << "--size" << QString::number(size_->value()) << "--format" << format_->currentText()
              << "--out" << out_->text();
}

}  // namespace pmg::gui
