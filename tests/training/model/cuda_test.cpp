// CUDA tests (names end in _CUDA; skipped where LibTorch has no CUDA or sees no GPU).
// scripts/gpu-check.sh runs them on a GPU machine.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "data/device_pmg.h"
#include "pmg/base/rng.h"
#include "pmg/runs/run_dir.h"
#include "pmg/training/model/device.h"
#include "pmg/training/model/videomae.h"
#include "pmg/training/pretrain/trainer.h"
#include "synthetic_source.h"

using namespace pmg::training;

// GTEST_SKIP must run in the test body itself.
#define PMG_NEED_CUDA() \
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device"

TEST(Device, CpuAndAutoResolveWithoutAGpuAndCudaIsAClearError) {
  EXPECT_TRUE(resolveDevice("cpu").is_cpu());
  if (torch::cuda::is_available()) GTEST_SKIP() << "has CUDA";
  EXPECT_TRUE(resolveDevice("auto").is_cpu());
  try {
    resolveDevice("cuda");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no CUDA"), std::string::npos) << e.what();
  }
  EXPECT_THROW(resolveDevice("tpu"), std::invalid_argument);
}

TEST(Training, TinyRunOnTheGpuWithBf16_CUDA) {
  PMG_NEED_CUDA();
  pmg::test::SyntheticSource source;
  WeightedSource ws;
  ws.source = &source;
  ws.name = "synthetic";
  const auto dir = (std::filesystem::temp_directory_path() / "pmg_cuda_run").string();
  std::filesystem::remove_all(dir);
  TrainOptions o;
  o.model = "tiny";
  o.steps = 20;
  o.batch = 8;
  o.base_lr = 0.05;
  o.device = "cuda";
  o.bf16 = true;
  o.val_clips = 8;
  o.run_dir = dir;
  const auto r = train(o, {ws});
  EXPECT_TRUE(std::isfinite(r.last_loss));
  EXPECT_LT(r.last_loss, r.first_loss);
  const auto events = pmg::readJsonLines(dir + "/events.jsonl");
  EXPECT_GT(events.back()["memory_mb"].get<double>(), 0.0);  // from the CUDA allocator
}

TEST(Attention, FusedAttentionMatchesTheManualFormula_CUDA) {
  PMG_NEED_CUDA();
  torch::manual_seed(0);
  Attention attn(64, 4);
  attn->to(torch::kCUDA);
  auto x = torch::randn({2, 50, 64}, torch::kCUDA);
  torch::NoGradGuard g;
  const auto fused = attn->forward(x);
  // The formula of the official VideoMAE, written out.
  const auto bias = torch::cat({attn->q_bias, torch::zeros_like(attn->v_bias), attn->v_bias});
  auto qkv = torch::nn::functional::linear(x, attn->qkv->weight, bias)
                 .reshape({2, 50, 3, 4, 16})
                 .permute({2, 0, 3, 1, 4});
  auto a = torch::softmax(torch::matmul(qkv[0] * 0.25, qkv[1].transpose(-2, -1)), -1);
  const auto manual = attn->proj(torch::matmul(a, qkv[2]).transpose(1, 2).reshape({2, 50, 64}));
  EXPECT_TRUE(torch::allclose(fused, manual, 1e-4, 1e-4));
}

TEST(DevicePmg, RendersOnTheGpuAsOnTheCpu_CUDA) {
  PMG_NEED_CUDA();
  torch::NoGradGuard no_grad;
  pmg::PmgConfig config = pmg::presetConfig("all");
  config.frames = 8;
  config.size = 64;
  std::vector<pmg::MotionProgram> programs;
  for (int i = 0; i < 16; ++i) {
    pmg::Rng rng(3, uint64_t(i));
    programs.push_back(pmg::drawMotionProgram(config, rng));
  }
  auto sources = torch::randint(0, 256, {16, 64, 64, 3}, torch::kUInt8);
  sources = torch::nn::functional::avg_pool2d(
                sources.permute({0, 3, 1, 2}).to(torch::kFloat32),
                torch::nn::functional::AvgPool2dFuncOptions(5).stride(1).padding(2))
                .permute({0, 2, 3, 1})
                .round()
                .to(torch::kUInt8)
                .contiguous();  // smooth, like rendered images
  const auto cpu = rasterizeOnDevice(programs, sources);
  const auto gpu = rasterizeOnDevice(programs, sources.to(torch::kCUDA)).cpu();
  const double mse = (cpu - gpu).pow(2).mean().item<double>();
  EXPECT_GT(10.0 * std::log10(255.0 * 255.0 / std::max(mse, 1e-12)), 45.0);
}
