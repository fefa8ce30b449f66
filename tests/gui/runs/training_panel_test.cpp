// Training and reconstruction panels driving the real `pmg` next to the test binary.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <limits>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QTemporaryDir>
#include <fstream>
#include <opencv2/videoio.hpp>

#include "pmg/config/train_fields.h"
#include "pmg/config/train_presets.h"
#include "pmg/config/videomae_config.h"
#include "pump.h"
#include "runs/reconstruction_panel.h"
#include "runs/run_monitor.h"
#include "runs/training_panel.h"
#include "shell/main_window.h"

using pmg::test::pumpUntil;

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
  EXPECT_TRUE(QFile::exists(run + "/checkpoints/latest"));
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
  // The panel names the weights that made what it shows.
  EXPECT_TRUE(w.reconstruction()->resultTitle().contains("snapshot step-4"))
      << w.reconstruction()->resultTitle().toStdString();
  // Export MP4: one video frame per clip frame, four titled panels of >= 224 px each.
  const QString video = dir.path() + "/export.mp4";
  ASSERT_TRUE(w.reconstruction()->exportVideo(video));
  cv::VideoCapture cap(video.toStdString());
  ASSERT_TRUE(cap.isOpened());
  EXPECT_EQ(int(cap.get(cv::CAP_PROP_FRAME_COUNT)), 8);
  EXPECT_GE(int(cap.get(cv::CAP_PROP_FRAME_WIDTH)), 4 * 224);
  EXPECT_GE(int(cap.get(cv::CAP_PROP_FRAME_HEIGHT)), 224);
  // Reconstruct with a chosen checkpoint: the result names exactly that one and is kept
  // beside the earlier ones.
  ASSERT_FALSE(w.reconstruction()->checkpoints().isEmpty());
  const QString chosen = w.reconstruction()->checkpoints().last();  // the oldest kept
  ASSERT_TRUE(w.reconstruction()->setCheckpoint(chosen));
  w.reconstruction()->reconstruct(run + "/snapshots/step-2");
  ASSERT_TRUE(pumpUntil([&] { return !w.reconstruction()->busy(); }, 60000));
  ASSERT_TRUE(pumpUntil([&] { return w.reconstruction()->resultTitle().contains(chosen); }, 3000))
      << w.reconstruction()->resultTitle().toStdString();
  EXPECT_TRUE(w.reconstruction()->figurePath().contains("/reconstructions/"));
  EXPECT_TRUE(w.reconstruction()->figurePath().contains(chosen));
  // The PNG export is the figure at the chosen opacity with that title.
  ASSERT_TRUE(w.reconstruction()->exportPng(dir.path() + "/figure.png"));
  EXPECT_FALSE(QImage(dir.path() + "/figure.png").isNull());
}

TEST(Panels, TheTrainingFormTakesItsBoundsFromTheOptionTable) {
  pmg::gui::MainWindow w;
  int found = 0;
  for (const auto& f : pmg::trainOptionFields()) {
    const QString name = QString("train.") + f.key;
    if (auto* box = w.training()->findChild<QSpinBox*>(name)) {
      EXPECT_EQ(box->minimum(), int(f.lo)) << f.key;
      EXPECT_EQ(box->maximum(), int(std::min(f.hi, double(std::numeric_limits<int>::max()))))
          << f.key;
      ++found;
    } else if (auto* dbox = w.training()->findChild<QDoubleSpinBox*>(name)) {
      EXPECT_DOUBLE_EQ(dbox->minimum(), f.lo) << f.key;
      EXPECT_DOUBLE_EQ(dbox->maximum(), f.hi) << f.key;
      ++found;
    }
  }
  EXPECT_EQ(found, 7);  // steps, batch, base lr, mask ratio, threads, snapshot every, epoch clips
}

TEST(Panels, TheModelShapeRowTakesItsBoundsAndFlagsFromTheModelTable) {
  pmg::gui::MainWindow w;
  auto* training = w.training();
  int found = 0;
  for (const auto& f : pmg::modelFields()) {
    auto* box = training->findChild<QSpinBox*>(QString("model.") + f.key);
    ASSERT_EQ(box != nullptr, *f.flag != 0) << f.key;  // the fields `pmg train` has a flag for
    if (!box) continue;
    ++found;
    EXPECT_EQ(box->minimum(), int(f.lo) - 1) << f.key;  // "the size's own value"
    EXPECT_EQ(box->maximum(), int(f.hi)) << f.key;
    EXPECT_FALSE(training->commandArguments("/tmp/r").contains(f.flag)) << f.key;
  }
  EXPECT_EQ(found, 4);
  training->setPlacement("", "library", "cpu", 1);
  training->findChild<QSpinBox*>("model.image_size")->setValue(64);
  training->findChild<QSpinBox*>("model.patch")->setValue(8);
  const QString line = training->commandArguments("/tmp/r").join(' ');
  EXPECT_TRUE(line.contains("--image-size 64")) << line.toStdString();
  EXPECT_TRUE(line.contains("--patch 8")) << line.toStdString();
  EXPECT_FALSE(line.contains("--frames")) << line.toStdString();
  EXPECT_EQ(training->modelShape().second, 64);  // what the PMG preview's training view shows
}

TEST(Panels, ConfigFormGivesTheExactCommandLine) {
  pmg::gui::MainWindow w;
  auto* training = w.training();
  training->setPlacement("tiny-cpu", "library:0.7; /data/frames:0.3", "cpu", 2);
  QStringList args = training->commandArguments("/tmp/r");
  const QString line = args.join(' ');
  EXPECT_TRUE(line.contains("--preset tiny-cpu")) << line.toStdString();
  EXPECT_TRUE(line.contains("--source library:0.7 --source /data/frames:0.3"));
  EXPECT_TRUE(line.contains("--device cpu --nproc 2"));
  const int preset_steps = pmg::loadTrainPreset("tiny-cpu")["train"]["steps"].get<int>();
  EXPECT_TRUE(line.contains(QString("--steps %1").arg(preset_steps)));  // the preset filled it
  EXPECT_TRUE(line.contains("--model tiny"));
  EXPECT_TRUE(line.endsWith("--out /tmp/r"));
  training->setPlacement("", "library", "cuda", 4);
  EXPECT_TRUE(training->commandArguments("/tmp/r").join(' ').contains("--device cuda --gpus 4"));
  EXPECT_FALSE(training->commandArguments("/tmp/r").contains("--preset"));
  // Where PMG is rendered: only said when not auto.
  EXPECT_FALSE(training->commandArguments("/tmp/r").contains("--pmg-device"));
  auto* pmg_device = training->findChild<QComboBox*>("pmgDevice");
  ASSERT_NE(pmg_device, nullptr);
  pmg_device->setCurrentText("device");
  EXPECT_TRUE(training->commandArguments("/tmp/r").join(' ').contains("--pmg-device device"));
  pmg_device->setCurrentText("auto");
  auto* masking = training->findChild<QComboBox*>("maskKind");
  ASSERT_NE(masking, nullptr);
  EXPECT_FALSE(training->commandArguments("/tmp/r").contains("--mask"));
  masking->setCurrentText("motion");
  EXPECT_TRUE(training->commandArguments("/tmp/r").join(' ').contains("--mask motion"));
  masking->setCurrentText("tube");
}

TEST(Panels, ACrashingRunShowsItsExitStatusAndLastLogLines) {
  QTemporaryDir dir;
  // A stand-in for `pmg train` that logs three steps, complains and exits with status 3.
  const QString fake = dir.path() + "/fake-pmg";
  {
    std::ofstream f(fake.toStdString());
    f << "#!/bin/bash\n"
         "out=\"${@: -1}\"\n"
         "mkdir -p \"$out\"\n"
         "for s in 0 1 2; do printf '{\"step\":%d,\"loss\":1.%d}\\n' $s $s >> "
         "\"$out/events.jsonl\"; done\n"
         "echo 'CUDA out of memory (simulated)' >&2\n"
         "exit 3\n";
  }
  QFile::setPermissions(fake, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
  pmg::gui::TrainingPanel panel([] { return pmg::presetConfig("paper-best"); });
  panel.setPmgProgram(fake);
  QStringList log;
  QObject::connect(&panel, &pmg::gui::TrainingPanel::logMessage,
                   [&log](const QString& l) { log << l; });
  ASSERT_TRUE(panel.launch(dir.path() + "/run"));
  ASSERT_TRUE(pumpUntil([&] { return !panel.running(); }, 10000));
  ASSERT_TRUE(pumpUntil([&] { return panel.statusText().contains("exit code 3"); }, 3000))
      << panel.statusText().toStdString();
  EXPECT_EQ(panel.monitor()->series("loss").values.size(), 3u);
  EXPECT_TRUE(log.join('\n').contains("out of memory")) << log.join('\n').toStdString();
}
