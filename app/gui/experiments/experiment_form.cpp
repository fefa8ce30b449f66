// Experiment form (see experiment_form.h).
#include "experiments/experiment_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "pmg/config/train_presets.h"

namespace pmg::gui {

namespace {

/// "1, 10, 0" -> [1, 10, 0]; words that are not numbers are left out.
nlohmann::json numberList(const QString& text) {
  nlohmann::json list = nlohmann::json::array();
  for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const long long v = part.trimmed().toLongLong(&ok);
    if (ok) list.push_back(v);
  }
  return list;
}

QString listText(const nlohmann::json& list) {
  QStringList parts;
  if (list.is_array())
    for (const auto& v : list) parts << QString::fromStdString(v.dump());
  return parts.join(", ");
}

enum Column { kName = 0, kSet = 1, kScratch = 2 };

}  // namespace

ExperimentForm::ExperimentForm(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* form = new QFormLayout;
  preset_ = new QComboBox;
  preset_->setEditable(true);  // a preset file path is allowed too
  for (const auto& name : trainPresetNames()) preset_->addItem(QString::fromStdString(name));
  preset_->setToolTip("Training preset every cell starts from (pmg presets), or a preset file");
  dataset_ = new QLineEdit;
  dataset_->setToolTip(
      "Labelled videos for the evaluations: a folder or UCF101/HMDB51 split files, or "
      "\"motion\" for the synthetic motion dataset made in the experiment folder");
  finetune_ = new QCheckBox("fine-tune");
  probe_ = new QCheckBox("linear probe");
  auto* protocols = new QHBoxLayout;
  protocols->addWidget(finetune_);
  protocols->addWidget(probe_);
  protocols->addStretch();
  per_class_ = new QLineEdit;
  per_class_->setToolTip("Labelled clips per class, comma-separated; 0 = all");
  seeds_ = new QLineEdit;
  seeds_->setToolTip("Fine-tuning seeds, comma-separated; tables show mean ± std over them");
  form->addRow("base preset", preset_);
  form->addRow("dataset", dataset_);
  form->addRow("protocols", protocols);
  form->addRow("clips per class (K)", per_class_);
  form->addRow("seeds", seeds_);
  layout->addLayout(form);

  axes_ = new QTreeWidget;
  axes_->setColumnCount(3);
  axes_->setHeaderLabels({"axis / variant", "override of the preset (JSON)", "scratch"});
  axes_->header()->setStretchLastSection(false);
  axes_->header()->setSectionResizeMode(kName, QHeaderView::Interactive);
  axes_->header()->setSectionResizeMode(kSet, QHeaderView::Stretch);
  axes_->header()->setSectionResizeMode(kScratch, QHeaderView::ResizeToContents);
  axes_->setColumnWidth(kName, 150);
  axes_->setToolTip(
      "Cells are every combination of one variant per axis. A variant's override is merged "
      "into the preset, e.g. {\"train\": {\"pmg_preset\": \"zoom\"}}; \"scratch\" skips "
      "pre-training. Double-click to edit.");
  axes_->setMinimumHeight(120);
  layout->addWidget(axes_, 1);
  auto* buttons = new QHBoxLayout;
  auto* add_axis = new QPushButton("Add axis");
  auto* add_variant = new QPushButton("Add variant");
  auto* remove = new QPushButton("Remove");
  buttons->addWidget(add_axis);
  buttons->addWidget(add_variant);
  buttons->addWidget(remove);
  buttons->addStretch();
  layout->addLayout(buttons);
  connect(add_axis, &QPushButton::clicked, this, [this] {
    addAxis("axis" + QString::number(axes_->topLevelItemCount() + 1));
    emit changed();
  });
  connect(add_variant, &QPushButton::clicked, this, [this] {
    addVariant("variant", "{}", false);
    emit changed();
  });
  connect(remove, &QPushButton::clicked, this, [this] {
    removeSelected();
    emit changed();
  });
  connect(axes_, &QTreeWidget::itemChanged, this, [this] { emit changed(); });
  for (auto* edit : {dataset_, per_class_, seeds_})
    connect(edit, &QLineEdit::editingFinished, this, [this] { emit changed(); });
  connect(preset_, &QComboBox::currentTextChanged, this, [this] { emit changed(); });
  for (auto* box : {finetune_, probe_})
    connect(box, &QCheckBox::toggled, this, [this] { emit changed(); });
}

QTreeWidgetItem* ExperimentForm::addAxis(const QString& name) {
  auto* item = new QTreeWidgetItem(axes_, QStringList{name});
  item->setFlags(item->flags() | Qt::ItemIsEditable);
  item->setExpanded(true);
  axes_->setCurrentItem(item);
  return item;
}

QTreeWidgetItem* ExperimentForm::addVariant(const QString& name, const QString& set_json,
                                            bool scratch) {
  QTreeWidgetItem* axis = axes_->currentItem();
  if (axis && axis->parent()) axis = axis->parent();
  if (!axis)
    axis = axes_->topLevelItemCount() > 0 ? axes_->topLevelItem(axes_->topLevelItemCount() - 1)
                                          : addAxis("axis1");
  auto* item = new QTreeWidgetItem(axis, QStringList{name, set_json});
  item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
  item->setCheckState(kScratch, scratch ? Qt::Checked : Qt::Unchecked);
  axis->setExpanded(true);
  return item;
}

void ExperimentForm::removeSelected() {
  delete axes_->currentItem();
}

void ExperimentForm::setExperiment(const nlohmann::json& e) {
  const QSignalBlocker block(this);
  loaded_ = e.is_object() ? e : nlohmann::json::object();
  const auto pretrain = loaded_.value("pretrain", nlohmann::json::object());
  preset_->setCurrentText(
      QString::fromStdString(pretrain.value("preset", std::string("tiny-cpu"))));
  const auto down = loaded_.value("downstream", nlohmann::json::object());
  dataset_->setText(QString::fromStdString(down.value("dataset", std::string("motion"))));
  const auto protocols = down.value("protocols", nlohmann::json::array({"finetune"}));
  const auto has = [&](const char* p) {
    return std::find(protocols.begin(), protocols.end(), p) != protocols.end();
  };
  finetune_->setChecked(has("finetune"));
  probe_->setChecked(has("probe"));
  per_class_->setText(listText(down.value("per_class", nlohmann::json::array({0}))));
  seeds_->setText(listText(down.value("seeds", nlohmann::json::array({0}))));
  const QSignalBlocker block_tree(axes_);
  axes_->clear();
  for (const auto& a : loaded_.value("axes", nlohmann::json::array())) {
    addAxis(QString::fromStdString(a.value("name", std::string("axis"))));
    for (const auto& v : a.value("variants", nlohmann::json::array()))
      addVariant(QString::fromStdString(v.value("name", std::string())),
                 QString::fromStdString(v.value("set", nlohmann::json::object()).dump()),
                 v.value("scratch", false));
  }
}

nlohmann::json ExperimentForm::experiment() const {
  nlohmann::json e = loaded_;
  e["pretrain"]["preset"] = preset_->currentText().toStdString();
  auto& down = e["downstream"];
  down["dataset"] = dataset_->text().trimmed().toStdString();
  down["protocols"] = nlohmann::json::array();
  if (finetune_->isChecked()) down["protocols"].push_back("finetune");
  if (probe_->isChecked()) down["protocols"].push_back("probe");
  down["per_class"] = numberList(per_class_->text());
  down["seeds"] = numberList(seeds_->text());
  nlohmann::json axes = nlohmann::json::array();
  for (int a = 0; a < axes_->topLevelItemCount(); ++a) {
    const QTreeWidgetItem* axis = axes_->topLevelItem(a);
    nlohmann::json variants = nlohmann::json::array();
    for (int v = 0; v < axis->childCount(); ++v) {
      const QTreeWidgetItem* item = axis->child(v);
      nlohmann::json variant = {{"name", item->text(kName).toStdString()}};
      // Text that is not JSON is passed on as a string: the validation names it.
      const std::string set = item->text(kSet).trimmed().toStdString();
      variant["set"] = nlohmann::json::parse(set.empty() ? "{}" : set, nullptr, false);
      if (variant["set"].is_discarded()) variant["set"] = set;
      if (item->checkState(kScratch) == Qt::Checked) variant["scratch"] = true;
      variants.push_back(variant);
    }
    axes.push_back({{"name", axis->text(kName).toStdString()}, {"variants", variants}});
  }
  e["axes"] = axes;
  return e;
}

/// A starting point for File > New: one axis over two transforms, from scratch as baseline.
nlohmann::json starterExperiment() {
  return nlohmann::json::parse(R"({
    "description": "",
    "pretrain": {"preset": "tiny-cpu"},
    "downstream": {"dataset": "motion", "protocols": ["finetune"], "per_class": [0], "seeds": [0, 1, 2],
      "motion_dataset": {"classes": 4, "per_class": 120, "test_fraction": 0.34, "size": 32, "frames": 16, "seed": 7},
      "finetune": {"steps": 600, "batch": 8, "lr": 0.032, "head_init_scale": 1, "mixup": 0, "cutmix": 0, "views": 2, "crops": 1}},
    "axes": [{"name": "transform", "variants": [
      {"name": "scratch", "scratch": true},
      {"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}},
      {"name": "affine", "set": {"train": {"pmg_preset": "affine"}}}]}]
  })");
}

}  // namespace pmg::gui
