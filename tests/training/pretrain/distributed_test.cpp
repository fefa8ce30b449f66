#include <gtest/gtest.h>
#include <torch/torch.h>
#include <torch/csrc/distributed/c10d/HashStore.hpp>

#include <filesystem>
#include <thread>

#include "pmg/runs/run_dir.h"
#include "pmg/training/formats/checkpoint.h"
#include "pmg/training/formats/hf_export.h"
#include "pmg/training/pretrain/distributed.h"
#include "pmg/training/pretrain/trainer.h"
#include "synthetic_source.h"
#include "temp_path.h"

using namespace pmg::training;
namespace fs = std::filesystem;

namespace {

std::string tempRun(const std::string& name) {
  return pmg::test::freshTempPath("pmg_dist_" + name);
}

TrainOptions options(const std::string& dir) {
  TrainOptions o;
  o.model = "tiny";
  o.steps = 4;
  o.batch = 4;  // the global batch
  o.base_lr = 0.05;
  o.warmup_steps = 1;
  o.threads = 1;
  o.workers = 0;
  o.seed = 5;
  o.val_clips = 8;
  o.pmg_preset = "affine";  // no batch mixing: mixup pairs clips within each rank's slice
  o.run_dir = dir;
  return o;
}

/// The synthetic images as a one-source training mix.
WeightedSource mixOf(pmg::ImageSource& source) {
  WeightedSource ws;
  ws.source = &source;
  ws.name = "synthetic";
  return ws;
}

/// Trains `o` as two Gloo ranks (threads over one in-process store); each rank's error or "".
std::vector<std::string> trainTwoRanks(const TrainOptions& o, const WeightedSource& ws) {
  c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::HashStore>();
  std::vector<std::string> errors(2);
  std::vector<std::thread> ranks;
  for (int r = 0; r < 2; ++r)
    ranks.emplace_back([&, r] {
      try {
        auto group = joinGloo(store, r, 2);
        train(o, {ws}, {}, nullptr, false, group.get());
      } catch (const std::exception& e) {
        errors[size_t(r)] = e.what();
      }
    });
  for (auto& t : ranks) t.join();
  return errors;
}

std::vector<double> eventValues(const std::string& dir, const char* key) {
  std::vector<double> out;
  for (const auto& e : pmg::readJsonLines(dir + "/events.jsonl"))
    out.push_back(e[key].get<double>());
  return out;
}

}  // namespace

TEST(DataParallel, TwoGlooRanksMatchOneRankOnTheSameGlobalBatch) {
  pmg::test::SyntheticSource source;
  const WeightedSource ws = mixOf(source);
  const std::string single = tempRun("single"), pair = tempRun("pair");
  train(options(single), {ws});

  const auto errors = trainTwoRanks(options(pair), ws);
  ASSERT_EQ(errors[0], "");
  ASSERT_EQ(errors[1], "");
  const auto a = eventValues(single, "loss"), b = eventValues(pair, "loss");
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);  // only rank 0 writes events
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4 * a[i]) << "step " << i;
  // Same weights after the last step.
  auto ma = loadRunModel(single), mb = loadRunModel(pair);
  auto pa = ma->parameters(), pb = mb->parameters();
  for (size_t i = 0; i < pa.size(); ++i)
    EXPECT_TRUE(torch::allclose(pa[i], pb[i], 1e-4, 1e-5)) << i;
}

TEST(DataParallel, AGlobalBatchThatDoesNotSplitIsAClearError) {
  pmg::test::SyntheticSource source;
  const WeightedSource ws = mixOf(source);
  TrainOptions o = options(tempRun("odd"));
  o.batch = 3;
  const auto errors = trainTwoRanks(o, ws);
  EXPECT_NE(errors[0].find("batch (3) must be divisible by the number of ranks (2)"),
            std::string::npos)
      << errors[0];
}

TEST(Checkpoints, SafetensorsWeightsStateAndLatestWithOnlyTheNewestKept) {
  pmg::test::SyntheticSource source;
  const WeightedSource ws = mixOf(source);
  const std::string dir = tempRun("ckpt");
  TrainOptions o = options(dir);
  o.steps = 5;
  o.checkpoint_every = 1;
  o.keep_checkpoints = 2;
  const auto result = train(o, {ws});
  const std::string ckpt = dir + "/checkpoints";
  EXPECT_EQ(latestCheckpoint(ckpt), ckpt + "/step-0000005");
  EXPECT_EQ(result.checkpoint, ckpt + "/step-0000005");
  EXPECT_TRUE(fs::exists(ckpt + "/step-0000004/model.safetensors"));
  EXPECT_FALSE(fs::exists(ckpt + "/step-0000003"));  // pruned
  for (const char* f : {"model.safetensors", "trainer.pt", "state.json"})
    EXPECT_TRUE(fs::exists(ckpt + "/step-0000005/" + f)) << f;
  // A half-written checkpoint (crash before the rename) is ignored.
  fs::create_directories(ckpt + "/step-0000009.tmp");
  EXPECT_EQ(latestCheckpoint(ckpt), ckpt + "/step-0000005");
  // Losing `latest` falls back to the newest complete directory.
  fs::remove(ckpt + "/latest");
  EXPECT_EQ(latestCheckpoint(ckpt), ckpt + "/step-0000005");
}

TEST(Checkpoints, AMisShapedParameterIsNamed) {
  VideoMae tiny(videoMaeConfig("tiny"));
  const std::string dir = tempRun("shape");
  TrainerState state;
  saveCheckpoint(*tiny, nullptr, nullptr, state, dir);
  VideoMaeConfig other = videoMaeConfig("tiny");
  other.encoder_dim = 96;
  VideoMae bigger(other);
  try {
    loadWeights(*bigger, latestCheckpoint(dir));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("has shape"), std::string::npos) << e.what();
  }
}

TEST(Validation, EventsReportValidationLossAgainstTheTrivialPredictor) {
  pmg::test::SyntheticSource source;
  const WeightedSource ws = mixOf(source);
  const std::string dir = tempRun("val");
  TrainOptions o = options(dir);
  o.val_every = 2;
  const auto r = train(o, {ws});
  const auto events = pmg::readJsonLines(dir + "/events.jsonl");
  EXPECT_FALSE(events[0].contains("val_loss"));
  ASSERT_TRUE(events[1].contains("val_loss"));
  ASSERT_TRUE(events[3].contains("val_ratio"));
  // Normalized targets have unit (unbiased) variance: the trivial loss is just under 1.
  EXPECT_NEAR(r.val_trivial, 1.0, 0.05);
  EXPECT_NEAR(events[3]["val_ratio"].get<double>(), r.val_loss / r.val_trivial, 1e-9);
  EXPECT_GT(events[3]["memory_mb"].get<double>(), 1.0);
}
