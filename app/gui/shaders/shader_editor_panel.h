// Shaders dock: the GLSL editor (gutter, inline errors), compile-on-edit in the shader
// worker process (never in the GUI's context), the program's measured speed, and the
// buttons that make a random program or use the editor's program as the PMG source.
// A shader is never refused for being slow: only a draw the watchdog stops.
#pragma once
#include <QTimer>
#include <QWidget>
#include <future>
#include <memory>

class QLabel;

namespace pmg::render {
class ProbeWorker;
struct FilterVerdict;
}  // namespace pmg::render

namespace pmg::gui {

class CodeEditor;

class ShaderEditorPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ShaderEditorPanel(QWidget* parent = nullptr);
  ~ShaderEditorPanel() override;
  CodeEditor* editor() const { return editor_; }
  /// Replaces the text without triggering a check (a library shader already known good).
  void showTrustedText(const QString& text);
  /// Checks the editor text in the worker now (blocking; for tests and "Use as source");
  /// returns "" when it compiled and drew, else the reason.
  QString checkNow();
  /// The debounced check on edit: same check on a background thread; the GUI never waits.
  void checkInBackground();
  /// The status line under the editor (what the preview shows, speed or why not).
  QString statusText() const;

 signals:
  /// The editor's program compiled and drew in the worker: safe to animate in the GUI.
  void programReady(const QString& text);
  /// "Use as PMG source" was pressed and the program is good.
  void useAsSourceRequested(const QString& text);
  void logMessage(const QString& line);

 private:
  void showVerdict(const render::FilterVerdict& verdict, const QString& error);
  CodeEditor* editor_;
  QLabel* status_;
  QTimer debounce_;
  std::unique_ptr<render::ProbeWorker> probe_;
  std::future<void> background_;
  bool recheck_ = false;
  bool has_good_program_ = false;
};

}  // namespace pmg::gui
