// Checkpoint retention and the `latest` pointer: ordered by step number at any step
// count, and never followed outside the run.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "pmg/training/formats/checkpoint.h"
#include "pmg/training/formats/hf_export.h"
#include "pmg/training/formats/run_export.h"
#include "pmg/training/model/videomae_config.h"
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
  for (const std::string& target : {std::string("../../pmg-ckpt-foreign/checkpoints/step-0000005"),
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

namespace {

/// Names in `dir` that are temporaries of an unfinished write.
std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".tmp") != std::string::npos)
      out.push_back(e.path().string());
  return out;
}

}  // namespace

TEST(Checkpoint, AFailedWriteIsOneClearErrorLeavesNoTemporaryAndKeepsLatest) {
  // Each level lets a different file of the checkpoint fail (weights, trainer state,
  // state.json, latest), as a disk filling up would; the process must neither abort nor
  // leave partial files, and `latest` must stay on the last good checkpoint.
  const std::string dir = pmg::test::freshTempPath("pmg-ckpt-full");
  torch::nn::Linear model(64, 64);
  torch::optim::AdamW optimizer(model->parameters());
  model->forward(torch::ones({2, 64})).sum().backward();
  optimizer.step();
  TrainerState first;
  first.step = 1;
  saveCheckpoint(*model, &optimizer, nullptr, first, dir, 3);
  int failed = 0;
  for (long limit : {0L, 64L, 4096L, 16000L, 17000L, 30000L, 40000L, 60000L, 100000L}) {
    const pid_t child = ::fork();
    if (child == 0) {
      ::signal(SIGXFSZ, SIG_IGN);  // writes past the limit fail with EFBIG instead
      const rlimit r{rlim_t(limit), rlim_t(limit)};
      ::setrlimit(RLIMIT_FSIZE, &r);
      TrainerState next;
      next.step = 2;
      try {
        saveCheckpoint(*model, &optimizer, nullptr, next, dir, 3);
        ::_exit(0);
      } catch (const std::runtime_error& e) {
        const std::string m = e.what();
        ::_exit(m.find("was not written") != std::string::npos &&
                        m.find("step-0000001, unchanged") != std::string::npos
                    ? 1
                    : 3);
      } catch (...) {
        ::_exit(4);
      }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status))
        << "limit " << limit << ": killed by signal " << WTERMSIG(status);
    const int code = WEXITSTATUS(status);
    ASSERT_TRUE(code == 0 || code == 1) << "limit " << limit << ": exit " << code;
    EXPECT_TRUE(temporaries(dir).empty()) << "limit " << limit << ": " << temporaries(dir)[0];
    if (code == 1) {
      ++failed;
      EXPECT_EQ(fs::path(latestCheckpoint(dir)).filename(), "step-0000001") << "limit " << limit;
      EXPECT_FALSE(fs::exists(dir + "/step-0000002")) << "limit " << limit;
    } else {  // it fitted: a complete checkpoint; start the next level from step 1 again
      EXPECT_TRUE(fs::exists(dir + "/step-0000002/trainer.pt"));
      fs::remove_all(dir + "/step-0000002");
      std::ofstream(dir + "/latest") << "step-0000001\n";
    }
  }
  EXPECT_GE(failed, 5);
}

TEST(Checkpoint, ImportIntoAnExistingRunIsRefusedAndChangesNothing) {
  const std::string hf = pmg::test::freshTempPath("pmg-import-src");
  const std::string run = pmg::test::freshTempPath("pmg-import-run");
  torch::manual_seed(2);
  VideoMae model(videoMaeConfig("tiny"));
  exportHuggingFace(model, hf);
  fs::create_directories(run);
  std::ofstream(run + "/config.json") << R"({"train": {"steps": 10}})";
  try {
    importHuggingFaceToRun(hf, run);
    FAIL() << "imported into an existing run";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("already holds a run"), std::string::npos) << e.what();
  }
  std::ifstream f(run + "/config.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(f), {}), R"({"train": {"steps": 10}})");
  EXPECT_FALSE(fs::exists(run + "/checkpoints"));
  importHuggingFaceToRun(hf, run + "-new");  // a new folder works
  EXPECT_TRUE(fs::exists(run + "-new/checkpoints/latest"));
  fs::remove_all(run + "-new");
}
