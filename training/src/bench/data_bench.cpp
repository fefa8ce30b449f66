#include "pmg/training/bench/data_bench.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

#include "data/clip_batch.h"
#include "data/device_pmg.h"
#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"
#include "pmg/base/timing.h"
#include "pmg/motion/batch_mix.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/training/model/device.h"
#include "pmg/training/model/torch_info.h"
#include "pmg/training/model/videomae_config.h"

namespace pmg::training {

namespace {

/// Worker counts 1, 2, 4, ... and `max` itself.
std::vector<int> workerCounts(int max) {
  std::vector<int> counts;
  for (int w = 1; w < max; w *= 2) counts.push_back(w);
  counts.push_back(max);
  return counts;
}

/// Median milliseconds of `repeats` calls of `f`, synchronising a GPU after each.
double medianMs(int repeats, const torch::Device& device, const std::function<void()>& f) {
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    f();
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
    ms.push_back(secondsSince(t0) * 1e3);
  }
  return median(ms);
}

/// Times the GPU-resident PMG on `device`: a batch of source images (from the first still-image
/// source) uploaded, rendered, mixed and laid out for the model, as the device path would.
void benchDevicePmg(const PmgConfig& pmg, const std::vector<WeightedSource>& sources,
                    const TrainOptions& o, const torch::Device& device, DataBenchResult& r) {
  ImageSource* images = nullptr;
  for (const auto& s : sources)
    if (s.source && s.source->size() > 0) images = s.source;
  if (!images) return;  // real videos only: nothing to render
  torch::NoGradGuard no_grad;
  auto host = torch::empty({o.batch, pmg.size, pmg.size, 3}, torch::kUInt8);
  for (int i = 0; i < o.batch; ++i) {
    Rng rng(o.seed, uint64_t(i));
    const LoadedImage img = images->load(i % images->size(), rng);
    if (!img.ok()) continue;
    const cv::Mat sq = canonicalSquare(img.rgb, pmg.size);
    std::memcpy(host[i].data_ptr<uint8_t>(), sq.data, size_t(pmg.size) * pmg.size * 3);
  }
  r.source_mb = double(pmg.size) * pmg.size * 3 / (1024.0 * 1024.0);
  long batch_index = 0;
  auto one_batch = [&] {
    std::vector<MotionProgram> programs;
    for (int i = 0; i < o.batch; ++i) {
      Rng rng(o.seed, uint64_t(batch_index * o.batch + i));
      programs.push_back(drawMotionProgram(pmg, rng));
    }
    Rng mix_rng(streamSeed(o.seed, Stream::BatchMix), uint64_t(batch_index++));
    auto clips = rasterizeOnDevice(programs, host.to(device, /*non_blocking=*/true));
    if (pmg.batch_mix == BatchMix::Mixup)
      clips = mixupOnDevice(clips,
                            drawVideoMixup(o.batch, pmg.mix_alpha, pmg.mix_probability, mix_rng));
    deviceClipsToModelInput(clips);
  };
  one_batch();  // warm-up (kernels, allocator)
  r.device_pmg_ms = medianMs(5, device, one_batch);
}

}  // namespace

DataBenchResult benchData(const TrainOptions& o, const std::vector<WeightedSource>& sources,
                          int batches, int max_workers) {
  configureThreads(o.threads);
  const VideoMaeConfig mc = videoMaeConfig(o.model, o.model_overrides);
  PmgConfig pmg =
      o.pmg_config.is_object() ? pmgConfigFromJson(o.pmg_config) : presetConfig(o.pmg_preset);
  pmg.frames = mc.frames;
  pmg.size = mc.image_size;
  if (max_workers <= 0) max_workers = int(std::max(1u, std::thread::hardware_concurrency()));
  DataBenchResult r;
  std::vector<Clip> sample;
  {  // Unmeasured: sources open, a small source's items load once (a shader library compiles
     // each program once per run), threads start.
    Rng rng(o.seed, 0);
    for (const auto& s : sources)
      if (s.source && s.source->size() <= 256)
        for (long i = 0; i < s.source->size(); ++i) s.source->load(i, rng);
    LoaderOptions lo;
    lo.batch = o.batch;
    lo.workers = max_workers;
    ClipLoader warm(pmg, sources, o.seed + 1, lo);
    for (int b = 0; b < 2; ++b) warm.next();
  }
  for (int workers : workerCounts(max_workers)) {
    LoaderOptions lo;
    lo.batch = o.batch;
    lo.workers = workers;
    lo.prefetch = std::max(o.prefetch, workers);
    lo.flip = o.flip;
    ClipLoader loader(pmg, sources, o.seed, lo);
    sample = loader.next();  // warm-up: sources open, threads start
    const auto t0 = Clock::now();
    for (int b = 0; b < batches; ++b) sample = loader.next();
    r.loader.push_back({workers, double(batches) * o.batch / secondsSince(t0)});
  }
  const torch::Device device = resolveDevice(o.device);
  r.device = device.str();
  r.clip_mb = double(sample.front().data.size()) / (1024.0 * 1024.0);
  // On a GPU both ways run end to end (transfer and conversion included). Without one, the
  // staged way is timed up to what its host does for a GPU: the copy into a staging buffer,
  // which on CUDA is pinned memory that the caching host allocator hands out again.
  auto staging = stageClips(sample, false);
  r.staged_ms = medianMs(5, device, [&] {
    if (device.is_cuda())
      clipsToDevice(sample, device);
    else
      stageClipsInto(sample, staging);
  });
  r.host_float_ms = medianMs(5, device, [&] { clipsToDeviceViaHostFloat(sample, device); });
  benchDevicePmg(pmg, sources, o, device, r);
  return r;
}

}  // namespace pmg::training
