// GUI tests: a real MainWindow under Xvfb (xvfb-run in scripts/test.sh).
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPlainTextEdit>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QTextBlock>

#include <QDir>
#include <QSettings>
#include <opencv2/imgproc.hpp>

#include "pmg/media/image_io.h"
#include "pmg/media/video_io.h"
#include "pump.h"
#include "runs/training_panel.h"
#include "shaders/code_editor.h"
#include "shaders/shader_editor_panel.h"
#include "shell/main_window.h"
#include "viewport/viewport_widget.h"

namespace {

/// Turns the event loop for `ms` milliseconds: only where a test observes that nothing
/// happens while idle (no verdict waits on it for work to finish).
void idle(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

/// Waits (bounded, not measured) until the window's start-up work is shown: a clip made and
/// painted in the viewport.
bool started(pmg::gui::MainWindow& w) {
  return pmg::test::pumpUntil(
      [&] { return !w.preview().clip().clip.empty() && w.viewport()->paintedFrames() > 0; }, 60000);
}

}  // namespace

TEST(Workbench, FirstStartPlaysALibraryClipAndRedrawsOnlyWhenNeeded) {
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  ASSERT_TRUE(
      pmg::test::pumpUntil([&] { return !w.preview().secondSourceLabel().empty(); }, 60000));
  const auto& clip = w.preview().clip();
  ASSERT_FALSE(clip.clip.empty());
  EXPECT_EQ(clip.clip.frames, 16);
  EXPECT_FALSE(w.preview().sourceLabel().empty());  // a library shader is the source
  // The preset mixes (paper-best: mixup) with the next library shader as the partner.
  EXPECT_FALSE(w.preview().secondSourceLabel().empty());
  EXPECT_LT(w.preview().mixLambda(), 1.0);
  EXPECT_GT(w.viewport()->paintedFrames(), 0);
  const int f0 = w.preview().frame();
  pmg::test::pumpUntil([&] { return w.preview().frame() != f0; }, 30000);
  EXPECT_NE(w.preview().frame(), f0);  // it plays (8 fps: a new frame within 125 ms when idle)
  w.preview().playing = false;
  idle(200);
  const long painted = w.viewport()->paintedFrames();
  idle(500);
  // Paused and idle: no busy redraw (which would paint every frame, ~30 times here); one
  // update queued before the pause may still arrive on a loaded machine.
  EXPECT_LE(w.viewport()->paintedFrames() - painted, 1);
}

TEST(Workbench, OpensImagesFoldersVideosShadersAndRunsAndRemembersThem) {
  QTemporaryDir dir;
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  cv::Mat img(80, 120, CV_8UC3, cv::Scalar(10, 200, 30));
  cv::circle(img, cv::Point(40, 40), 20, cv::Scalar(250, 0, 0), -1);
  QDir().mkpath(dir.path() + "/folder");
  pmg::writeImageRgb((dir.path() + "/folder/a.png").toStdString(), img);
  pmg::Clip clip(6, 64, 64);
  for (int t = 0; t < 6; ++t) cv::resize(img, clip.frame(t), cv::Size(64, 64));
  pmg::writeClipMp4((dir.path() + "/v.mp4").toStdString(), clip);
  QFile shader(dir.path() + "/s.glsl");
  ASSERT_TRUE(shader.open(QIODevice::WriteOnly));
  shader.write(
      "void mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / iResolution.x, 0.3, 0.6, 1.0); }");
  shader.close();
  EXPECT_TRUE(w.openPath(dir.path() + "/folder"));
  EXPECT_NE(w.preview().sourceLabel().find("a.png"), std::string::npos);
  EXPECT_TRUE(w.openPath(dir.path() + "/v.mp4"));
  EXPECT_NE(w.preview().sourceLabel().find("random frame"), std::string::npos);
  EXPECT_TRUE(w.openPath(dir.path() + "/s.glsl"));
  EXPECT_NE(w.preview().sourceLabel().find("s.glsl"), std::string::npos);
  QDir().mkpath(dir.path() + "/run");
  QFile events(dir.path() + "/run/events.jsonl");
  ASSERT_TRUE(events.open(QIODevice::WriteOnly));
  events.write("{\"step\": 0, \"loss\": 1.0}\n");
  events.close();
  EXPECT_TRUE(w.openPath(dir.path() + "/run"));  // a run directory: the Training dock attaches
  ASSERT_NE(w.training()->monitor(), nullptr);
  EXPECT_EQ(w.training()->monitor()->runDir(), (dir.path() + "/run").toStdString());
  QFile bad(dir.path() + "/bad.png");
  ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
  bad.write("not an image");
  bad.close();
  w.hide();  // no modal warning box in the test
  EXPECT_FALSE(w.openPath(dir.path() + "/bad.png"));
  const QStringList recent = QSettings().value("recent/files").toStringList();
  ASSERT_GE(recent.size(), 3);
  EXPECT_TRUE(recent[0].endsWith("run"));  // newest first; the bad file is not remembered
  EXPECT_TRUE(recent[1].endsWith("s.glsl"));
}

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

TEST(Workbench, ChangingTheSourceRegeneratesTheClip) {
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  ASSERT_TRUE(w.useLibraryShader(3));
  const auto before = w.preview().clip().clip.data;
  ASSERT_TRUE(w.useLibraryShader(10));
  EXPECT_NE(before, w.preview().clip().clip.data);
  // The status bar names the current source.
  EXPECT_TRUE(w.statusText().contains(QString::fromStdString(w.preview().sourceLabel())))
      << w.statusText().toStdString();
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

TEST(Workbench, PanelScreenshotsAreWrittenAndNotBlank) {
  QTemporaryDir dir;
  pmg::gui::MainWindow w;
  w.show();
  ASSERT_TRUE(started(w));
  const QStringList files = w.savePanelScreenshots(dir.path());
  EXPECT_GE(files.size(), 7);  // main window, viewport, 5 docks
  for (const QString& f : files) {
    QImage img(f);
    ASSERT_FALSE(img.isNull()) << f.toStdString();
    // Not blank: a wide spread of grey levels.
    int lo = 255, hi = 0;
    for (int y = 0; y < img.height(); y += 3)
      for (int x = 0; x < img.width(); x += 3) {
        const int g = qGray(img.pixel(x, y));
        lo = std::min(lo, g);
        hi = std::max(hi, g);
      }
    EXPECT_GT(hi - lo, 60) << f.toStdString() << " looks blank";
  }
}

int main(int argc, char** argv) {
  // Fresh settings for every run of the suite, as on a new user's machine.
  QTemporaryDir config_home;
  qputenv("XDG_CONFIG_HOME", config_home.path().toLocal8Bit());
  pmg::gui::useCoreProfileByDefault();
  QApplication::setOrganizationName("PMG Workbench Tests");
  QApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
