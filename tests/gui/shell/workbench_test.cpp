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

using pmg::test::idle;
using pmg::test::started;

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
