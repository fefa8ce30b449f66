// Plain-text code editor for shaders: a line-number gutter with error markers, no
// wrapping, and each diagnostic's message drawn at the end of its line (the driver's
// own text is in the marker's tooltip).
#pragma once
#include <QPlainTextEdit>
#include <QString>
#include <vector>

namespace pmg::gui {

/// One message at a 1-based line of the editor's text.
struct EditorDiagnostic {
  int line = 0;
  QString message;      ///< shown inline, in our words
  QString driver_text;  ///< the driver's own text (tooltip)
};

class CodeEditor : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit CodeEditor(QWidget* parent = nullptr);
  /// Marks these lines (gutter + line background + inline message); empty clears.
  void setDiagnostics(std::vector<EditorDiagnostic> diagnostics);
  const std::vector<EditorDiagnostic>& diagnostics() const { return diagnostics_; }
  /// Width of the line-number gutter in pixels.
  int gutterWidth() const;
  /// Paints the gutter (called by the gutter widget).
  void paintGutter(class QPaintEvent* event);
  /// The diagnostic at a gutter y position (for tooltips), or null.
  const EditorDiagnostic* diagnosticAtY(int y) const;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  void updateGutter(const QRect& rect, int dy);
  QWidget* gutter_;
  std::vector<EditorDiagnostic> diagnostics_;
};

}  // namespace pmg::gui
