// Training and reconstruction panels driving the real `pmg` next to the test binary.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <fstream>

#include "main_window.h"
#include "reconstruction_panel.h"
#include "run_monitor.h"
#include "training_panel.h"

namespace {

bool pumpUntil(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    if (done()) return true;
    QApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  return done();
}

}  // namespace

TEST(RunMonitor, ReadsOnlyNewCompleteLinesAndRestartsOnRewrite) {
  QTemporaryDir dir;
  const std::string events = dir.path().toStdString() + "/events.jsonl";
  pmg::gui::RunMonitor m(dir.path().toStdString());
  EXPECT_EQ(m.poll(), 0);
  { std::ofstream(events) << "{\"step\":0,\"loss\":1.0}\n{\"step\":1,\"loss\":0.5}\n{\"step\":2,"; }
  EXPECT_EQ(m.poll(), 2);
  { std::ofstream(events, std::ios::app) << "\"loss\":0.25}\n"; }
  EXPECT_EQ(m.poll(), 1);
  EXPECT_EQ(m.series("loss").values, (std::vector<double>{1.0, 0.5, 0.25}));
  { std::ofstream(events) << "{\"step\":0,\"loss\":2.0}\n"; }  // truncated by a resume
  EXPECT_EQ(m.poll(), 1);
  EXPECT_EQ(m.series("loss").values, (std::vector<double>{2.0}));
}

TEST(RunMonitor, EmaIsDebiasedLikeTensorBoard) {
  const auto s = pmg::gui::smoothEma({4.0, 4.0, 4.0}, 0.9);
  for (double v : s) EXPECT_NEAR(v, 4.0, 1e-12);
  const auto t = pmg::gui::smoothEma({0.0, 10.0}, 0.5);
  EXPECT_NEAR(t[1], (0.5 * 0.5 * 0.0 + 0.5 * 10.0) / 0.75, 1e-12);
}

TEST(Panels, LaunchATinyRunWatchItAndInspectItsSnapshot) {
  QTemporaryDir dir;
  pmg::gui::MainWindow w;
  w.show();
  auto* training = w.training();
  training->setForm("tiny", 4, 2, 2, 1);
  const QString run = dir.path() + "/run";
  const QStringList args = training->commandArguments(run);
  EXPECT_TRUE(args.contains("--pmg-config"));
  ASSERT_TRUE(training->launch(run));
  ASSERT_TRUE(pumpUntil([&] { return !training->running(); }, 120000)) << "run did not finish";
  ASSERT_TRUE(
      pumpUntil([&] { return training->monitor()->series("loss").values.size() == 4; }, 5000));
  EXPECT_TRUE(QFile::exists(run + "/checkpoints/latest.pt"));
  // The PMG settings of the GUI went into the run.
  std::ifstream cfg((run + "/config.json").toStdString());
  const auto config = nlohmann::json::parse(cfg);
  EXPECT_EQ(config["pmg"]["transforms"].size(), w.preview().config().transforms.size());
  // The reconstruction panel follows the run and shows its last snapshot.
  training->attach(run);
  ASSERT_TRUE(pumpUntil(
      [&] { return w.reconstruction()->figurePath().endsWith("step-4/figure.png"); }, 3000))
      << w.reconstruction()->figurePath().toStdString();
  // The frame scrubber has the snapshot's arrays.
  EXPECT_EQ(w.reconstruction()->frames(), 8);  // tiny model: 8 frames
  w.reconstruction()->showFrame(7, 0.3);
}
