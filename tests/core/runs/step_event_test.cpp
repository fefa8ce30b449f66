// The step event is one type: its JSON line carries one version field and every charted and
// TensorBoard metric comes from one list.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "pmg/runs/run_dir.h"
#include "pmg/runs/step_event.h"

namespace pmg {
namespace {

TEST(StepEvent, TheJsonLineHasEveryMetricOfTheListAndOneVersionField) {
  StepEvent e;
  e.step = 4;
  e.loss = 0.5;
  e.val_loss = 0.25;
  e.val_trivial = 0.5;
  e.val_ratio = 0.5;
  const auto path = (std::filesystem::temp_directory_path() / "pmg_step_event.jsonl").string();
  std::filesystem::remove(path);
  appendJsonLine(path, toJson(e));
  const auto lines = readJsonLines(path);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["schema"], kEventsSchema);
  EXPECT_FALSE(lines[0].contains("v"));
  for (const auto& m : stepMetrics()) EXPECT_TRUE(metricValue(lines[0], m.key)) << m.key;
  EXPECT_EQ(*metricValue(lines[0], "loss"), 0.5);
  std::filesystem::remove(path);
}

TEST(StepEvent, OptionalPartsAreWrittenOnlyWhenPresent) {
  StepEvent e;
  const auto j = toJson(e);
  for (const char* k : {"val_loss", "val_ratio", "epoch", "mask", "skipped", "pmg_rendered_on",
                        "mask_tube_fallbacks"})
    EXPECT_FALSE(j.contains(k)) << k;
  EXPECT_FALSE(metricValue(j, "val_loss"));
  e.skipped = {"a.png: unreadable"};
  e.epoch = 1.5;
  EXPECT_EQ(toJson(e)["skipped"][0], "a.png: unreadable");
  EXPECT_EQ(toJson(e)["epoch"], 1.5);
}

TEST(StepEvent, MetricKeysAreUnique) {
  std::set<std::string> keys;
  for (const auto& m : stepMetrics()) EXPECT_TRUE(keys.insert(m.key).second) << m.key;
}

}  // namespace
}  // namespace pmg
