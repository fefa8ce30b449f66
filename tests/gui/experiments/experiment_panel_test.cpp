// The Experiments dock through the real window: a file opens into the form and expands
// into cells, a bad override is named, Launch runs the real `pmg experiment run`, the
// progress and results tabs fill as runs finish, and a cell opens in the Training dock.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeWidgetItem>
#include <fstream>

#include "experiments/experiment_form.h"
#include "experiments/experiment_panel.h"
#include "pump.h"
#include "runs/training_panel.h"
#include "shell/main_window.h"

namespace {

using pmg::test::pumpUntil;

void writeMicroExperiment(const QString& path) {
  std::ofstream(path.toStdString()) << R"({
  "pretrain": {"preset": "tiny-cpu", "set": {"train": {"steps": 6, "batch": 2, "val_clips": 4,
     "val_every": 0, "checkpoint_every": 3, "snapshot_every": 3, "warmup_steps": 1, "threads": 1,
     "sources": [{"spec": "generated@4", "weight": 1}],
     "model_overrides": {"frames": 4, "image_size": 16, "patch": 4, "tubelet": 2}}}},
  "downstream": {"dataset": "motion",
    "motion_dataset": {"classes": 2, "per_class": 6, "test_fraction": 0.34, "size": 16, "frames": 8, "seed": 3},
    "protocols": ["finetune"], "per_class": [0], "seeds": [0, 1],
    "finetune": {"steps": 2, "batch": 2, "views": 1, "crops": 1, "mixup": 0, "cutmix": 0}},
  "axes": [{"name": "init", "variants": [
     {"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}},
     {"name": "scratch", "scratch": true}]}],
  "scales": {"tiny-cpu": {}, "proxy": "proxy", "paper": {"downstream": {"seeds": [0]}}}
})";
}

/// Saves the dock's tabs as PNGs when PMG_SCREENSHOT_DIR is set (for looking at them).
void saveTabs(pmg::gui::ExperimentPanel* panel, const QString& name) {
  const QString dir = qEnvironmentVariable("PMG_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  auto* tabs = panel->findChild<QTabWidget*>();
  for (int i = 0; i < tabs->count(); ++i) {
    tabs->setCurrentIndex(i);
    QApplication::processEvents();
    panel->grab().save(dir + "/" + name + "-" + tabs->tabText(i).toLower() + ".png");
  }
}

}  // namespace

TEST(Experiments, TheDockExpandsAFileLaunchesItAndShowsResultsAsRunsFinish) {
  QTemporaryDir tmp;
  writeMicroExperiment(tmp.filePath("micro.json"));
  pmg::gui::MainWindow w;
  w.resize(1280, 720);
  w.show();
  auto* panel = w.experiments();
  ASSERT_TRUE(panel->openFile(tmp.filePath("micro.json")));
  EXPECT_EQ(panel->cellNames(), (QStringList{"zoom", "scratch"}));
  EXPECT_TRUE(panel->statusText().contains("2 cells")) << panel->statusText().toStdString();
  auto* scale = panel->findChild<QComboBox*>("experimentScale");
  ASSERT_NE(scale, nullptr);
  ASSERT_GE(scale->findText("paper"), 0);  // the file's scales are offered
  // A shared scale's entry says what it is (its description), a file's own patch what it patches.
  const int proxy = scale->findText("proxy");
  ASSERT_GE(proxy, 0);
  EXPECT_TRUE(scale->itemData(proxy, Qt::ToolTipRole).toString().contains("chosen on Table 2"));
  EXPECT_TRUE(
      scale->itemData(scale->findText("paper"), Qt::ToolTipRole).toString().contains("downstream"));

  // A variant added in the form is a new cell; a malformed override is named.
  panel->form()->addVariant("affine", R"({"train": {"pmg_preset": "affine"}})", false);
  ASSERT_TRUE(panel->expand());
  EXPECT_EQ(panel->cellNames(), (QStringList{"zoom", "scratch", "affine"}));
  auto* bad = panel->form()->addVariant("typo", R"({"trian": {}})", false);
  EXPECT_FALSE(panel->expand());
  EXPECT_TRUE(panel->statusText().contains("trian")) << panel->statusText().toStdString();
  delete bad;
  ASSERT_TRUE(panel->expand());
  saveTabs(panel, "before");

  // Launch: the real pmg next to the test binary, detached; progress and results follow.
  panel->setDirectory(tmp.filePath("exp"));
  ASSERT_TRUE(panel->launch()) << panel->statusText().toStdString();
  auto* progress = panel->findChild<QProgressBar*>();
  ASSERT_TRUE(pumpUntil(
      [&] {
        panel->refresh();
        return progress->maximum() == 9 && progress->value() == 9;
      },
      600000))
      << "jobs done: " << progress->value() << "/" << progress->maximum() << "; runner log:\n"
      << [&] {
           QFile f(tmp.filePath("exp/stderr.log"));
           return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
         }();
  // The runner writes the report after the last evaluation, then exits (exit_status).
  ASSERT_TRUE(pumpUntil([&] { return QFile::exists(tmp.filePath("exp/exit_status")); }, 60000));
  panel->refresh();
  const QString summary = panel->findChild<QTextBrowser*>()->toPlainText();
  for (const char* cell : {"zoom", "scratch", "affine"})
    EXPECT_TRUE(summary.contains(cell)) << summary.toStdString();
  auto* figures = panel->findChild<QComboBox*>("experimentFigure");
  ASSERT_NE(figures, nullptr);
  EXPECT_GE(figures->findText("top1-finetune.png"), 0);
  saveTabs(panel, "after");

  // Double-clicking a cell opens its pre-training in the Training dock.
  auto* cells = panel->findChild<QListWidget*>();
  // Each cell shows its progress: zoom's pre-training and two fine-tunings are done.
  auto* zoom = cells->findItems("zoom ", Qt::MatchStartsWith).value(0);
  ASSERT_NE(zoom, nullptr);
  EXPECT_TRUE(zoom->text().endsWith("3/3 done")) << zoom->text().toStdString();
  emit cells->itemDoubleClicked(zoom);
  EXPECT_TRUE(w.training()->runDirs().contains(tmp.filePath("exp") + "/cells/zoom/pretrain"))
      << w.training()->runDirs().join(", ").toStdString();

  // The same file in a second folder, reusing the first one's pre-trainings: they are copied
  // in (noted in each job's log), only the evaluations run.
  auto* reuse = panel->findChild<QLineEdit*>("experimentReuse");
  ASSERT_NE(reuse, nullptr);
  reuse->setText(tmp.filePath("exp"));
  panel->setDirectory(tmp.filePath("exp2"));
  ASSERT_TRUE(panel->launch()) << panel->statusText().toStdString();
  ASSERT_TRUE(pumpUntil([&] { return QFile::exists(tmp.filePath("exp2/exit_status")); }, 600000));
  for (const char* cell : {"zoom", "affine"}) {
    QFile log(tmp.filePath(QString("exp2/logs/cells_%1_pretrain.log").arg(cell)));
    ASSERT_TRUE(log.open(QIODevice::ReadOnly)) << cell;
    const QString text = log.readAll();
    EXPECT_TRUE(text.contains("reused the finished pre-training " + tmp.filePath("exp")))
        << text.toStdString();
    EXPECT_FALSE(text.contains("pmg train")) << text.toStdString();  // not trained again
  }
  EXPECT_TRUE(QFile::exists(tmp.filePath("exp2/cells/zoom/finetune-k0-s1/results.json")));
}
