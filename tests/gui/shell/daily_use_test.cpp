// The workbench as a daily tool, through the real window: it fits common screens,
// remembers its state, and training runs launched from it outlive it.
#include <gtest/gtest.h>

#include <QSpinBox>

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <opencv2/imgproc.hpp>

#include "pmg/config/pmg_config.h"
#include "pmg/media/image_io.h"
#include "pmg/runs/run_status.h"
#include "pump.h"
#include "runs/run_charts.h"
#include "runs/run_launcher.h"
#include "runs/run_monitor.h"
#include "runs/training_panel.h"
#include "shell/main_window.h"
#include "source/dataset_dialog.h"
#include "viewport/viewport_widget.h"

namespace {

using pmg::test::pumpUntil;

/// Every dock is inside the window, and no two docks that are shown overlap; docks
/// hidden behind a tab are reachable through a shown tab of their group.
void expectDocksFitAndDoNotOverlap(pmg::gui::MainWindow& w, const QString& size) {
  const QRect window(QPoint(0, 0), w.size());
  QList<QDockWidget*> shown;
  for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
    ASSERT_FALSE(d->isFloating()) << d->windowTitle().toStdString();
    if (d->visibleRegion().isEmpty()) {
      bool reachable = false;
      for (QDockWidget* other : w.tabifiedDockWidgets(d))
        reachable = reachable || !other->visibleRegion().isEmpty();
      EXPECT_TRUE(reachable) << d->windowTitle().toStdString() << " is unreachable at "
                             << size.toStdString();
      continue;
    }
    const QRect r(d->mapTo(&w, QPoint(0, 0)), d->size());
    EXPECT_TRUE(window.contains(r))
        << d->windowTitle().toStdString() << " outside the window at " << size.toStdString();
    EXPECT_GE(r.height(), 60) << d->windowTitle().toStdString() << " squeezed at "
                              << size.toStdString();
    shown << d;
  }
  for (int i = 0; i < shown.size(); ++i)
    for (int j = i + 1; j < shown.size(); ++j) {
      const QRect a(shown[i]->mapTo(&w, QPoint(0, 0)), shown[i]->size());
      const QRect b(shown[j]->mapTo(&w, QPoint(0, 0)), shown[j]->size());
      EXPECT_FALSE(a.intersects(b))
          << shown[i]->windowTitle().toStdString() << " overlaps "
          << shown[j]->windowTitle().toStdString() << " at " << size.toStdString();
    }
  const QRect viewport(w.viewport()->mapTo(&w, QPoint(0, 0)), w.viewport()->size());
  EXPECT_TRUE(window.contains(viewport));
  EXPECT_GE(viewport.width(), 320);
}

}  // namespace

TEST(DailyUse, FitsEveryCommonScreenWithEveryDockReachable) {
  QSettings().clear();
  pmg::gui::MainWindow w;
  w.show();
  pumpUntil([] { return false; }, 800);
  const QSize min = w.minimumSizeHint().expandedTo(w.minimumSize());
  EXPECT_LE(min.width(), 1280) << min.width() << "x" << min.height();
  EXPECT_LE(min.height(), 720) << min.width() << "x" << min.height();
  for (const QSize size : {QSize(1280, 720), QSize(1920, 1080), QSize(3840, 2160)}) {
    w.resize(size);
    pumpUntil([] { return false; }, 500);
    EXPECT_EQ(w.size(), size);
    expectDocksFitAndDoNotOverlap(w, QString("%1x%2").arg(size.width()).arg(size.height()));
  }
  w.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
}

TEST(DailyUse, LayoutPmgSettingsAndTheTrainingFormSurviveARestart) {
  QSettings().clear();
  double original_rotation = 0.0;
  {
    pmg::gui::MainWindow w;
    w.show();
    pumpUntil([] { return false; }, 500);
    auto config = w.preview().config();
    original_rotation = config.params.rotation_deg.hi;
    config.params.rotation_deg.hi = original_rotation / 2.0;
    w.preview().setConfig(config);
    w.training()->setForm("small", 321, 6, 7, 1);
    w.training()->findChild<QSpinBox*>("model.frames")->setValue(8);  // a shape override
    w.findChild<QDockWidget*>("LogDock")->hide();
    w.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
    w.close();
  }
  pmg::gui::MainWindow again;
  again.show();
  pumpUntil([] { return false; }, 500);
  EXPECT_DOUBLE_EQ(again.preview().config().params.rotation_deg.hi, original_rotation / 2.0);
  const QString command = again.training()->commandArguments("r").join(' ');
  EXPECT_TRUE(command.contains("--model small")) << command.toStdString();
  EXPECT_TRUE(command.contains("--steps 321")) << command.toStdString();
  EXPECT_TRUE(command.contains("--frames 8")) << command.toStdString();
  EXPECT_FALSE(command.contains("--image-size")) << command.toStdString();
  EXPECT_FALSE(again.findChild<QDockWidget*>("LogDock")->isVisible());
  // View > Reset layout brings every dock back in place.
  again.resetLayout();
  pumpUntil([] { return false; }, 300);
  EXPECT_FALSE(again.findChild<QDockWidget*>("LogDock")->isHidden());
  again.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
}

TEST(DailyUse, ARunLaunchedFromTheGuiOutlivesItAndIsReattachedAfterARestart) {
  QSettings().clear();
  QTemporaryDir dir;
  const QString previous_cwd = QDir::currentPath();
  QDir::setCurrent(dir.path());  // the Launch button makes runs/<date-time> here
  QString run;
  {
    pmg::gui::MainWindow w;
    w.show();
    auto* training = w.training();
    // Long enough never to end on its own during the test: it ends when asked, later.
    training->setForm("tiny", 1000000, 2, 0, 1);
    auto* launch = w.findChild<QPushButton*>("LaunchRun");
    ASSERT_NE(launch, nullptr);
    QTest::mouseClick(launch, Qt::LeftButton);
    ASSERT_NE(training->monitor(), nullptr);
    run = QString::fromStdString(training->monitor()->runDir());
    EXPECT_TRUE(run.startsWith(QDir(dir.path()).canonicalPath() + "/runs/") ||
                run.startsWith(dir.path() + "/runs/"))
        << run.toStdString();
    // The charts receive events while it runs.
    ASSERT_TRUE(
        pumpUntil([&] { return training->monitor()->series("loss").values.size() >= 2; }, 120000))
        << training->statusText().toStdString();
    EXPECT_FALSE(training->charts()->currentLines().empty());
    EXPECT_TRUE(training->running());
    EXPECT_TRUE(training->statusText().startsWith("running"))
        << training->statusText().toStdString();
    EXPECT_EQ(training->liveRuns(), QStringList{QDir::cleanPath(run)});
    EXPECT_TRUE(w.viewport()->throttled());  // the preview leaves the CPU to the run
    // Quit the GUI, keeping the run.
    w.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
    w.close();
  }
  // The window is gone; the run is not.
  const auto alive = pmg::readRunStatus(run.toStdString());
  EXPECT_EQ(alive.state, pmg::RunState::Running) << alive.describe();
  EXPECT_TRUE(pmg::processAlive(alive.pid));
  // Asked to stop from outside (as `echo stop > RUN/control` would), it checkpoints and ends.
  pmg::gui::requestStop(run);
  ASSERT_TRUE(pumpUntil([&] { return !pmg::gui::runIsAlive(run); }, 300000));
  const auto done = pmg::readRunStatus(run.toStdString());
  EXPECT_EQ(done.state, pmg::RunState::Stopped) << done.describe();
  EXPECT_GE(done.step, 2);
  EXPECT_TRUE(QFile::exists(run + "/checkpoints/latest"));
  // A new window re-attaches to it and says how it ended, without an ETA.
  pmg::gui::MainWindow again;
  again.show();
  ASSERT_TRUE(pumpUntil([&] { return again.training()->monitor() != nullptr; }, 3000));
  EXPECT_EQ(QString::fromStdString(again.training()->monitor()->runDir()), QDir::cleanPath(run));
  const QString ended = QString("stopped by request at step %1").arg(done.step);
  ASSERT_TRUE(pumpUntil([&] { return again.training()->statusText().startsWith(ended); }, 5000))
      << again.training()->statusText().toStdString();
  EXPECT_FALSE(again.training()->statusText().contains("ETA"));
  EXPECT_EQ(again.training()->monitor()->series("loss").values.size(), size_t(done.step));
  again.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
  QDir::setCurrent(previous_cwd);
}

TEST(DailyUse, StopFromTheGuiCheckpointsAndSaysStoppedByRequest) {
  QSettings().clear();
  QTemporaryDir dir;
  const QString run = dir.path() + "/run";
  pmg::gui::MainWindow w;
  w.show();
  auto* training = w.training();
  training->setForm("tiny", 100000, 2, 0, 1);
  ASSERT_TRUE(training->launch(run));
  ASSERT_TRUE(
      pumpUntil([&] { return training->monitor()->series("loss").values.size() >= 1; }, 120000));
  training->stop();
  ASSERT_TRUE(pumpUntil([&] { return !training->running(); }, 120000));
  ASSERT_TRUE(
      pumpUntil([&] { return training->statusText().startsWith("stopped by request"); }, 5000))
      << training->statusText().toStdString();
  EXPECT_TRUE(QFile::exists(run + "/checkpoints/latest"));
  EXPECT_FALSE(w.viewport()->throttled());
  w.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
}

TEST(DailyUse, ChartsReadEverySeriesAtTheHoverPointAndExportCsv) {
  QTemporaryDir dir;
  {
    std::ofstream f((dir.path() + "/events.jsonl").toStdString());
    for (int s = 0; s < 20; ++s)
      f << "{\"step\":" << s << ",\"time\":" << 1000 + 30 * s << ",\"loss\":" << 1.0 / (1 + s)
        << ",\"lr\":" << 3e-5 * s << ",\"grad_norm\":0.9}\n";
  }
  pmg::gui::RunMonitor run(dir.path().toStdString());
  run.poll();
  pmg::gui::RunCharts charts;
  charts.setSmoothing(0.5);
  charts.setXAxis(pmg::gui::XAxis::Step);
  charts.showMetric("loss");
  charts.setRuns({&run});
  ASSERT_EQ(charts.currentLines().size(), 2u);  // raw and smoothed
  const QString readout = charts.readoutAt(4.2);
  EXPECT_TRUE(readout.startsWith("step 4:")) << readout.toStdString();
  EXPECT_TRUE(readout.contains("0.2")) << readout.toStdString();  // loss at step 4 = 1/5
  // lr has its own chart and axis, so 3e-5 is not flattened by the grad norm.
  charts.showMetric("lr");
  ASSERT_EQ(charts.currentLines().size(), 1u);
  EXPECT_NEAR(charts.currentLines()[0].y.back(), 3e-5 * 19, 1e-12);
  // Wall time: minutes since the first event.
  const auto minutes = pmg::gui::xValues(run, "loss", pmg::gui::XAxis::WallMinutes);
  EXPECT_NEAR(minutes.back(), 19 * 30 / 60.0, 1e-9);
  const QString csv = dir.path() + "/lr.csv";
  ASSERT_TRUE(charts.exportCsv(csv));
  QFile f(csv);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  EXPECT_EQ(f.readAll().count('\n'), 21);  // header + 20 points
}

TEST(DailyUse, OverlaidRunsShowWhatDiffersInTheirResolvedConfigs) {
  QTemporaryDir dir;
  const std::string a = (dir.path() + "/a").toStdString(), b = (dir.path() + "/b").toStdString();
  QDir().mkpath(QString::fromStdString(a));
  QDir().mkpath(QString::fromStdString(b));
  std::ofstream(a + "/config.json")
      << R"({"train": {"batch": 8, "seed": 1, "sources": [{"spec": "library"}]}, "pmg": {"size": 32}})";
  std::ofstream(b + "/config.json")
      << R"({"train": {"batch": 16, "seed": 1, "sources": [{"spec": "generated@100"}]}, "pmg": {"size": 32}})";
  const auto rows = pmg::gui::diffRunConfigs({a, b});
  ASSERT_EQ(rows.size(), 2u);  // batch and the source spec; seed and size agree
  EXPECT_EQ(rows[0].key, "/train/batch");
  EXPECT_EQ(rows[0].values, (std::vector<std::string>{"8", "16"}));
  EXPECT_EQ(rows[1].key, "/train/sources/0/spec");
  pmg::gui::RunMonitor ra(a), rb(b);
  pmg::gui::RunCharts charts;
  charts.setRuns({&ra, &rb});
  charts.showConfigDiff();
  EXPECT_EQ(charts.configDiffRows(), 2);
}

TEST(DailyUse, DatasetDialogGivesAWorkingCommandForTheCurrentSource) {
  QTemporaryDir dir;
  cv::Mat img(64, 64, CV_8UC3, cv::Scalar(30, 140, 220));
  cv::circle(img, cv::Point(32, 32), 14, cv::Scalar(250, 250, 20), -1);
  const QString photo = dir.path() + "/photo.png";
  pmg::writeImageRgb(photo.toStdString(), img);
  pmg::gui::DatasetDialog dialog(pmg::gui::DatasetDialog::Kind::GenerateClips, photo,
                                 "zoom + affine");
  dialog.setValues(photo, 3, 32, "npy", dir.path() + "/clips");
  const QStringList args = dialog.arguments(dir.path() + "/cfg.json");
  EXPECT_EQ(args.mid(0, 3), (QStringList{"generate", "--source", photo}));
  EXPECT_TRUE(args.join(' ').contains("--count 3"));
  EXPECT_TRUE(args.join(' ').contains("--size 32"));
  {
    std::ofstream(dir.path().toStdString() + "/cfg.json")
        << pmg::toJson(pmg::presetConfig("paper-best")).dump();
  }
  QProcess pmg;
  pmg.start(QApplication::applicationDirPath() + "/pmg", args);
  ASSERT_TRUE(pmg.waitForFinished(120000));
  EXPECT_EQ(pmg.exitCode(), 0) << pmg.readAll().toStdString();
  EXPECT_EQ(QDir(dir.path() + "/clips").entryList({"*.npy"}).size(), 3);
}

TEST(DailyUse, PickingALibraryShaderAndDraggingATransformSliderChangesTheClip) {
  QSettings().clear();
  pmg::gui::MainWindow w;
  w.resize(1920, 1080);
  w.show();
  pumpUntil([] { return false; }, 1500);
  // Click a shader in the library list.
  auto* library = w.findChild<QListWidget*>("ShaderLibrary");
  ASSERT_NE(library, nullptr);
  const QRect item = library->visualItemRect(library->item(2));
  QTest::mouseClick(library->viewport(), Qt::LeftButton, {}, item.center());
  pumpUntil([] { return false; }, 500);
  EXPECT_EQ(QString::fromStdString(w.preview().sourceLabel()), library->item(2)->toolTip());
  // Drag the slider of the parameter the current clip's transform uses to its minimum.
  const auto kind = w.preview().clip().program.kind;
  const std::string control = kind == pmg::TransformKind::Zoom ? "zoom small" : "rotation";
  ASSERT_TRUE(kind == pmg::TransformKind::Zoom || kind == pmg::TransformKind::Affine)
      << pmg::transformName(kind);  // paper-best: zoom or affine
  const QRectF r = w.viewport()->controlRect(control);
  ASSERT_FALSE(r.isEmpty()) << control;
  const auto before = w.preview().clip().clip.data;
  const auto config_before = pmg::toJson(w.preview().config());
  auto* vp = w.viewport();
  const QPoint start(int(r.left() + r.width() * 0.2), int(r.center().y()));
  const QPoint end(int(r.left()) + 2, int(r.center().y()));
  QTest::mouseMove(vp, start);
  pumpUntil([] { return false; }, 150);
  QTest::mousePress(vp, Qt::LeftButton, {}, start);
  pumpUntil([] { return false; }, 150);
  QTest::mouseMove(vp, end);
  pumpUntil([] { return false; }, 150);
  QTest::mouseRelease(vp, Qt::LeftButton, {}, end);
  pumpUntil([] { return false; }, 300);
  EXPECT_NE(pmg::toJson(w.preview().config()), config_before) << "the slider did not move";
  EXPECT_NE(w.preview().clip().clip.data, before) << "the clip did not change";
  w.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
}

TEST(DailyUse, TheShaderPreviewDrawsInTheWorkerSoAnEndlessShaderCannotFreezeTheWindow) {
  qputenv("PMG_SHADER_WATCHDOG_S", "2");
  QSettings().clear();
  pmg::gui::MainWindow w;
  w.resize(1280, 720);
  w.show();
  ASSERT_TRUE(pumpUntil([&] { return w.viewport()->previewHasFrame(); }, 60000))
      << "no preview frame from the worker";
  // Straight into the preview, past the editor's check: 1000 dependent sin() per loop trip.
  w.viewport()->setPreviewShader(
      "#define R10(x) x x x x x x x x x x\n"
      "void mainImage(out vec4 c, in vec2 f) { float s = f.x; for (int i = 0; i < 1000000; i++) "
      "{ R10(R10(R10(s = sin(s + f.y);))) } c = vec4(s); }",
      "");
  const long painted = w.viewport()->paintedFrames();
  ASSERT_TRUE(pumpUntil([&] { return !w.viewport()->previewError().empty(); }, 90000));
  EXPECT_NE(w.viewport()->previewError().find("did not finish a draw"), std::string::npos)
      << w.viewport()->previewError();
  EXPECT_GT(w.viewport()->paintedFrames(), painted);  // the window kept painting meanwhile
  qunsetenv("PMG_SHADER_WATCHDOG_S");
  w.setCloseRuns(pmg::gui::CloseRuns::KeepTraining);
}
