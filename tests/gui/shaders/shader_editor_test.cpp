// The shader editor: compile errors at the user's line, endless shaders checked in the worker.
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTextBlock>

#include "pump.h"
#include "shaders/code_editor.h"
#include "shaders/shader_editor_panel.h"
#include "shell/main_window.h"
#include "viewport/viewport_widget.h"

using pmg::test::started;

TEST(Workbench, ShaderEditorReportsErrorsWithLineNumbers) {
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  pmg::gui::CodeEditor* editor = w.shaderPanel()->editor();
  editor->setPlainText(
      "void mainImage(out vec4 c, in vec2 f) {\n  c = vec4(1.0);\n  c.x = missing_value;\n}\n");
  const QString error = w.compileEditor();
  EXPECT_TRUE(error.contains("line 3")) << error.toStdString();
  ASSERT_EQ(editor->extraSelections().size(), 1);  // the error line is marked
  EXPECT_EQ(editor->extraSelections()[0].cursor.block().blockNumber(), 2);
  // The message at its line is in our words; the driver's text stays available.
  ASSERT_EQ(editor->diagnostics().size(), 1u);
  EXPECT_EQ(editor->diagnostics()[0].line, 3);
  EXPECT_TRUE(editor->diagnostics()[0].message.contains("'missing_value' is not declared"))
      << editor->diagnostics()[0].message.toStdString();
  EXPECT_TRUE(editor->diagnostics()[0].driver_text.contains("missing_value"));
  EXPECT_EQ(editor->lineWrapMode(), QPlainTextEdit::NoWrap);
  EXPECT_GT(editor->gutterWidth(), 0);
  // The status says plainly that the preview shows the last good program, and why.
  EXPECT_TRUE(w.shaderPanel()->statusText().contains("last good program"))
      << w.shaderPanel()->statusText().toStdString();
  editor->setPlainText(
      "void mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / 100.0, 0.2, 0.4, 1.0); }");
  EXPECT_TRUE(w.compileEditor().isEmpty());
  EXPECT_TRUE(editor->diagnostics().empty());
  // Speed is shown, never used to refuse.
  EXPECT_TRUE(w.shaderPanel()->statusText().contains("ms per 64x64 draw"))
      << w.shaderPanel()->statusText().toStdString();
}

TEST(Workbench, AShaderThatNeverFinishesIsCheckedInTheBackgroundAndStoppedByTheWatchdog) {
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  pmg::gui::CodeEditor* editor = w.shaderPanel()->editor();
  // 6.5e7 dependent sin() per pixel (llvmpipe caps loop trips, not their length): a draw
  // takes minutes.
  editor->setPlainText(
      "#define R10(x) x x x x x x x x x x\n"
      "void mainImage(out vec4 c, in vec2 f) { float s = f.x; for (int i = 0; i < 1000000; i++) { "
      "R10(R10(R10(s = sin(s + f.y);))) } c = vec4(s); }");
  // The debounced check runs in the worker: the event loop keeps turning meanwhile, which
  // a check on the GUI thread would not allow (no turn would ever see "checking").
  int turns_while_checking = 0;
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 90000 && !w.shaderPanel()->statusText().contains("did not finish")) {
    QApplication::processEvents(QEventLoop::AllEvents, 10);
    if (w.shaderPanel()->statusText().contains("checking")) ++turns_while_checking;
  }
  EXPECT_TRUE(w.shaderPanel()->statusText().contains("a draw did not finish"))
      << w.shaderPanel()->statusText().toStdString();
  EXPECT_GT(turns_while_checking, 1);
}
