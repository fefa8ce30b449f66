// The OpenGL viewport: it survives losing its GL context.
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

TEST(Workbench, SurvivesLosingTheGlContext) {
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  ASSERT_TRUE(w.useLibraryShader(2));
  int lost = 0;
  QObject::connect(w.viewport(), &pmg::gui::ViewportWidget::contextAboutToBeLost,
                   [&lost] { ++lost; });
  // Moving the viewport to another top-level window destroys its GL context and makes a new one.
  QWidget other;
  w.viewport()->setParent(&other);
  other.show();
  ASSERT_TRUE(pmg::test::pumpUntil([&] { return lost >= 1; }, 30000));
  w.setCentralWidget(w.viewport());
  const long painted = w.viewport()->paintedFrames();
  // Renders again once the new context exists (until then it refuses with a message).
  ASSERT_TRUE(pmg::test::pumpUntil([&] { return w.useLibraryShader(5); }, 30000));
  EXPECT_TRUE(pmg::test::pumpUntil([&] { return w.viewport()->paintedFrames() > painted; }, 30000));
  EXPECT_FALSE(w.preview().clip().clip.empty());
  EXPECT_GE(lost, 1);  // the context really went away
}
