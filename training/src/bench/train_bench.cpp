#include "pmg/training/bench/train_bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "data/clip_batch.h"
#include "pmg/base/parallel.h"
#include "pmg/base/timing.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/training/model/device.h"
#include "pmg/training/model/torch_info.h"
#include "pmg/training/model/videomae.h"
#include "pretrain/foreach_adamw.h"

namespace pmg::training {

namespace {

/// Forward FLOPs of `layers` pre-norm blocks over `n` tokens of width `d`.
double blockFlops(double n, double d, double mlp_ratio, int layers) {
  const double linears =
      2.0 * n * (4.0 * d * d + 2.0 * d * d * mlp_ratio);  // qkv + proj + fc1 + fc2
  const double attention = 2.0 * 2.0 * n * n * d;         // QK^T and AV
  return layers * (linears + attention);
}

}  // namespace

double trainingFlopsPerClip(const VideoMaeConfig& c) {
  const double n = c.tokens();
  const double visible =
      n - double(int(c.mask_ratio * c.tokensPerFrame())) * (c.frames / c.tubelet);
  const double masked = n - visible;
  const double embed = 2.0 * n * c.encoder_dim * c.patchValues();
  const double encoder = blockFlops(visible, c.encoder_dim, c.mlp_ratio, c.encoder_depth);
  const double to_decoder = 2.0 * visible * c.encoder_dim * c.decoder_dim;
  const double decoder = blockFlops(n, c.decoder_dim, c.mlp_ratio, c.decoder_depth);
  const double head = 2.0 * masked * c.decoder_dim * c.patchValues();
  return 3.0 * (embed + encoder + to_decoder + decoder + head);
}

double gpuPeakTflops(const std::string& name) {
  static const std::vector<std::pair<std::string, double>> peaks = {
      {"H200", 989.0}, {"H100", 989.0}, {"A100", 312.0}, {"L40S", 362.0},
      {"A10", 125.0},  {"4090", 165.0}, {"V100", 125.0}};
  for (const auto& [key, tflops] : peaks)
    if (name.find(key) != std::string::npos) return tflops;
  return 0.0;
}

TrainBenchResult benchTrain(const TrainBenchOptions& o, ImageSource* source) {
  TrainBenchResult r;
  r.threads = configureThreads(o.threads);
  const torch::Device device = resolveDevice(o.device);
  r.device = device.str();
  const std::string gpu = device.is_cuda() ? gpuName(device.index()) : "";
  if (!gpu.empty()) r.device += " (" + gpu + ")";
  auto sync = [&] {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
  };
  torch::manual_seed(0);
  const VideoMaeConfig& mc = o.model;
  VideoMae model(mc);
  model->to(device);
  ForeachAdamW optimizer(model->parameters(),
                         torch::optim::AdamWOptions(1e-4).betas({0.9, 0.95}).weight_decay(0.05));
  auto gen = at::detail::createCPUGenerator(0);
  PmgConfig pmg = presetConfig("paper-best");
  pmg.frames = mc.frames;
  pmg.size = mc.image_size;
  std::vector<double> data, fwd, bwd, opt, total;
  for (int step = 0; step < o.warmup + o.steps; ++step) {
    sync();
    const auto t0 = Clock::now();
    torch::Tensor video;
    if (source) {
      std::vector<Clip> clips(static_cast<size_t>(o.batch));
      parallelFor(o.batch, 0, [&](long i) {
        auto g = generateClip(pmg, *source, 0, long(step) * o.batch + i, /*with_stats=*/false);
        if (!g.ok()) throw std::runtime_error("bench source: " + g.error);
        clips[size_t(i)] = std::move(g.clip);
      });
      video = clipsToDevice(clips, device);
    } else {
      video = torch::rand({o.batch, 3, mc.frames, mc.image_size, mc.image_size},
                          torch::TensorOptions().device(device));
    }
    auto mask = tubeMask(mc, o.batch, mc.mask_ratio, gen).to(device);
    auto targets = reconstructionTargets(video, mc, true);
    sync();
    const double t_data = secondsSince(t0);
    const auto t1 = Clock::now();
    optimizer.zero_grad();
    torch::Tensor pred;
    {
      AutocastGuard autocast(device, o.bf16);
      pred = model->forward(imagenetNormalize(video), mask);
    }
    auto loss = maskedLoss(pred.to(torch::kFloat32), targets, mask);
    sync();
    const double t_fwd = secondsSince(t1);
    const auto t2 = Clock::now();
    loss.backward();
    sync();
    const double t_bwd = secondsSince(t2);
    const auto t3 = Clock::now();
    optimizer.step();
    sync();
    const double t_opt = secondsSince(t3);
    if (step < o.warmup) continue;
    data.push_back(t_data);
    fwd.push_back(t_fwd);
    bwd.push_back(t_bwd);
    opt.push_back(t_opt);
    total.push_back(secondsSince(t0));
  }
  r.data_s = median(data);
  r.forward_s = median(fwd);
  r.backward_s = median(bwd);
  r.optimizer_s = median(opt);
  r.step_s = median(total);
  r.clips_per_s = o.batch / r.step_s;
  r.achieved_tflops = r.clips_per_s * trainingFlopsPerClip(mc) / 1e12;
  const double peak = o.peak_tflops > 0 ? o.peak_tflops : gpuPeakTflops(gpu);
  r.mfu = peak > 0 ? r.achieved_tflops / peak : 0.0;
  r.peak_memory_mb = peakMemoryMiB(device);
  return r;
}

}  // namespace pmg::training
