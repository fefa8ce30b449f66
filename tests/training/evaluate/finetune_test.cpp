#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "pmg/datasets/labeled_videos.h"
#include "pmg/datasets/motion_dataset.h"
#include "pmg/training/evaluate/finetune.h"
#include "pmg/training/pretrain/trainer.h"

using namespace pmg;
using namespace pmg::training;
namespace fs = std::filesystem;

namespace {

/// A fresh small motion dataset in the temp folder.
MotionDatasetOptions motionDataset(const std::string& name, int classes, int per_class, int frames,
                                   double test_fraction = 0.25) {
  MotionDatasetOptions d;
  d.out = (fs::temp_directory_path() / name).string();
  fs::remove_all(d.out);
  d.classes = classes;
  d.per_class = per_class;
  d.frames = frames;
  d.size = 32;
  d.test_fraction = test_fraction;
  writeMotionDataset(d);
  return d;
}

}  // namespace

TEST(LabeledVideos, ReadsOurSplitsAndRejectsBadFolders) {
  const auto d = motionDataset("pmg_ft_lists", 3, 4, 8);
  const auto set = readLabeledVideos(d.out);
  EXPECT_EQ(set.classes.size(), 3u);
  EXPECT_EQ(set.train.size(), 9u);
  EXPECT_EQ(set.test.size(), 3u);
  auto few = set.train;
  limitPerClass(few, 1);
  EXPECT_EQ(few.size(), 3u);
  EXPECT_THROW(readLabeledVideos(d.out + "/nope"), std::runtime_error);
  fs::remove_all(d.out);
}

TEST(Finetune, TrainsEvaluatesAndWritesTheReports) {
  const auto d = motionDataset("pmg_ft_small", 3, 8, 16);
  FinetuneOptions ft;
  ft.dataset = d.out;
  ft.epochs = 30;
  ft.batch = 6;
  ft.base_lr = 0.5;
  ft.layer_decay = 1.0;
  ft.label_smoothing = 0.0;
  ft.mixup_alpha = ft.cutmix_alpha = 0.0;  // mixed targets would hide whether it fits
  ft.test_crops = 2;
  ft.threads = 1;
  ft.out = d.out + "/results";
  std::vector<double> losses;
  const auto r =
      finetune(ft, [&](const nlohmann::json& e) { losses.push_back(e["loss"].get<double>()); });
  ASSERT_EQ(losses.size(), 30u);
  EXPECT_LT(losses.back(), losses.front() * 0.7);  // it learns (the training set at least)
  EXPECT_LE(r.top1, r.top5);
  EXPECT_EQ(r.per_class.size(), 3u);
  for (const char* f : {"results.json", "per_class.csv", "per_class.png", "events.jsonl"})
    EXPECT_TRUE(fs::exists(ft.out + "/" + f)) << f;
  // The results file records the accuracies returned.
  const auto saved = nlohmann::json::parse(std::ifstream(ft.out + "/results.json"));
  EXPECT_DOUBLE_EQ(saved.at("top1").get<double>(), r.top1);
  EXPECT_DOUBLE_EQ(saved.at("top5").get<double>(), r.top5);
  // Decoding on the fly (no memory for a cache) trains and scores exactly the same.
  ft.out.clear();
  ft.cache_gib = 0.0;
  std::vector<double> streamed_losses;
  const auto streamed = finetune(
      ft, [&](const nlohmann::json& e) { streamed_losses.push_back(e["loss"].get<double>()); });
  EXPECT_EQ(streamed_losses, losses);
  EXPECT_EQ(streamed.top1, r.top1);
  ft.probe = true;
  EXPECT_NO_THROW(finetune(ft));
  ft.dataset = d.out + "/missing";
  EXPECT_THROW(finetune(ft), std::runtime_error);
  // A corrupt video stops the run with an error that names the file.
  ft.dataset = d.out;
  const std::string bad = readLabeledVideos(d.out).test.back().path;
  std::ofstream(bad, std::ios::trunc) << "not a video";
  ft.probe = false;
  ft.epochs = 1000;  // fails before training, cached (decoded up front) or streamed (checked)
  for (double cache_gib : {4.0, 0.0}) {
    ft.cache_gib = cache_gib;
    try {
      finetune(ft);
      ADD_FAILURE() << "a corrupt video was accepted, cache " << cache_gib;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
  fs::remove_all(d.out);
}

// Issue "What did it learn", item 6: fine-tuning the tiny model (from scratch) on the motion
// dataset beats chance by a wide margin. Classes differ only by motion (move right, rotate
// cw, zoom in, oscillate over random textures), so appearance alone scores at chance.
// Measured with the CLI equivalent: 80-82% over seeds 1 and 2 (chance 25%).
TEST(Finetune, TinyModelLearnsMotionClassesWellAboveChance) {
  const auto d = motionDataset("pmg_ft_motion", 4, 250, 16, 0.2);
  FinetuneOptions ft;
  ft.dataset = d.out;
  ft.model = "tiny";
  ft.epochs = 16;
  ft.batch = 8;
  ft.base_lr = 0.032;  // peak 1e-3 at batch 8
  ft.layer_decay = 1.0;
  ft.head_init_scale = 1.0;  // from scratch: x 0.001 delays the take-off by many epochs
  ft.mixup_alpha = ft.cutmix_alpha = ft.drop_path = 0.0;
  ft.test_views = ft.test_crops = 1;
  ft.threads = 1;  // two OpenMP threads next to another ctest job oversubscribe 2 cores badly
  ft.seed = 1;
  const auto r = finetune(ft);
  std::cout << "motion dataset, tiny from scratch: top-1 " << r.top1 << " (chance 0.25)\n";
  EXPECT_GE(r.top1, 0.55) << "chance is 0.25";
  fs::remove_all(d.out);
}
