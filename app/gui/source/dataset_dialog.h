// Tools > Generate dataset / Render dataset: a dialog with the source, the settings,
// count, size, format and output folder, that yields the exact `pmg generate` or
// `pmg render` command line (run by MainWindow with progress and cancel).
#pragma once
#include <QDialog>
#include <QFormLayout>
#include <QStringList>

class QLineEdit;
class QSpinBox;
class QComboBox;
class QLabel;

namespace pmg::gui {

class DatasetDialog : public QDialog {
  Q_OBJECT
 public:
  enum class Kind { GenerateClips, RenderImages };
  /// `source` is pre-filled (the current PMG source or "library"); `settings` describes the
  /// PMG settings the clips will use (generate only).
  DatasetDialog(Kind kind, const QString& source, const QString& settings,
                QWidget* parent = nullptr);
  /// The `pmg` arguments for the form; `config_file` is the saved PMG config (generate).
  QStringList arguments(const QString& config_file) const;
  /// The chosen output folder.
  QString outputFolder() const;
  /// Fills the form (tests and scripted use).
  void setValues(const QString& source, int count, int size, const QString& format,
                 const QString& out);

 private:
  void addSourceRow(QFormLayout* form, const QString& source);  ///< source and its browser
  void addShapeRows(QFormLayout* form, const QString& group);   ///< count, frames, size, format
  void addOutputRow(QFormLayout* form, const QString& group);   ///< output folder
  Kind kind_;
  QComboBox* source_;
  QSpinBox *count_, *size_, *frames_;
  QComboBox* format_;
  QLineEdit* out_;
  QLabel* command_;
};

}  // namespace pmg::gui
