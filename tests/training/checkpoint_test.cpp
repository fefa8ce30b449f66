// Checkpoint retention and the `latest` pointer: ordered by step number at any step
// count, and never followed outside the run.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "pmg/training/checkpoint.h"
#include "temp_path.h"

namespace fs = std::filesystem;
using namespace pmg::training;

TEST(Checkpoint, RetentionOrdersByStepNumberPastTenMillionSteps) {
  const std::string dir = pmg::test::freshTempPath("pmg-ckpt-order");
  torch::nn::Linear model(2, 2);
  for (int step : {9999998, 9999999, 10000000, 10000001}) {
    TrainerState s;
    s.step = step;
    saveCheckpoint(*model, nullptr, nullptr, s, dir, 2);
  }
  // The two newest by number survive (by text, "step-10000000" < "step-9999998").
  EXPECT_TRUE(fs::exists(dir + "/step-10000000"));
  EXPECT_TRUE(fs::exists(dir + "/step-10000001"));
  EXPECT_FALSE(fs::exists(dir + "/step-9999999"));
  EXPECT_FALSE(fs::exists(dir + "/step-9999998"));
  EXPECT_EQ(fs::path(latestCheckpoint(dir)).filename(), "step-10000001");
  // Without `latest`, the newest by number is found.
  fs::remove(dir + "/latest");
  EXPECT_EQ(fs::path(latestCheckpoint(dir)).filename(), "step-10000001");
}

TEST(Checkpoint, LatestPointingOutsideTheRunIsRefusedWithThePathNamed) {
  const std::string dir = pmg::test::freshTempPath("pmg-ckpt-escape");
  const std::string foreign = pmg::test::freshTempPath("pmg-ckpt-foreign");
  torch::nn::Linear model(2, 2);
  TrainerState s;
  s.step = 5;
  saveCheckpoint(*model, nullptr, nullptr, s, dir, 2);
  saveCheckpoint(*model, nullptr, nullptr, s, foreign + "/checkpoints", 2);
  for (const std::string& target :
       {std::string("../../pmg-ckpt-foreign/checkpoints/step-0000005"),
        foreign + "/checkpoints/step-0000005"}) {
    std::ofstream(dir + "/latest") << target << "\n";
    try {
      latestCheckpoint(dir);
      FAIL() << "followed " << target;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("not a checkpoint of this run"), std::string::npos);
    }
  }
}
