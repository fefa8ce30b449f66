// The editable part of an experiment file in the Experiments dock: base training preset,
// downstream dataset, protocols, K list and seeds, and the axes as a tree of named variants
// (each with its JSON override and a "from scratch" box). Keys the form does not show
// (scales, fine-tuning options, explicit cells) are kept as they were loaded.
#pragma once
#include <QWidget>
#include <nlohmann/json.hpp>

class QComboBox;
class QLineEdit;
class QCheckBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace pmg::gui {

/// A starting point for File > New: one axis over two transforms, from scratch as baseline.
nlohmann::json starterExperiment();

class ExperimentForm : public QWidget {
  Q_OBJECT
 public:
  explicit ExperimentForm(QWidget* parent = nullptr);
  /// Shows `experiment` (an experiment file's JSON) in the form.
  void setExperiment(const nlohmann::json& experiment);
  /// The loaded JSON with the form's values written into it.
  nlohmann::json experiment() const;
  /// Adds an axis named `name` with one empty variant; returns its tree item.
  QTreeWidgetItem* addAxis(const QString& name);
  /// Adds a variant under the axis of the selected item (or the last axis).
  QTreeWidgetItem* addVariant(const QString& name, const QString& set_json, bool scratch);

 signals:
  /// Any field changed.
  void changed();

 private:
  void removeSelected();
  nlohmann::json loaded_ = nlohmann::json::object();
  QComboBox* preset_ = nullptr;
  QLineEdit* dataset_ = nullptr;
  QCheckBox* finetune_ = nullptr;
  QCheckBox* probe_ = nullptr;
  QLineEdit* per_class_ = nullptr;
  QLineEdit* seeds_ = nullptr;
  QTreeWidget* axes_ = nullptr;
};

}  // namespace pmg::gui
