#include "pmg/training/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>

#include "pmg/batch_mix.h"
#include "pmg/clip_generator.h"
#include "pmg/clip_writer.h"
#include "pmg/parallel.h"
#include "pmg/run_dir.h"
#include "pmg/training/torch_info.h"
#include "pmg/training/videomae.h"

namespace pmg::training {

namespace {

using Clock = std::chrono::steady_clock;

/// Builds one batch of PMG clips as a (B, 3, T, H, W) float tensor in [0, 1].
torch::Tensor makeBatch(const PmgConfig& pmg, ImageSource& source, uint64_t seed, long first,
                        int batch) {
  std::vector<Clip> clips(static_cast<size_t>(batch));
  parallelFor(batch, 0, [&](long i) {
    // Skip unreadable sources by moving on to the next sample index.
    for (long k = 0;; ++k) {
      auto g = generateClip(pmg, source, seed, (first + i) * 1000 + k);
      if (g.ok()) {
        clips[size_t(i)] = std::move(g.clip);
        return;
      }
      if (k > 50) throw std::runtime_error("no readable source image: " + g.error);
    }
  });
  Rng rng(seed ^ 0xB47C4ULL, uint64_t(first));
  applyBatchMix(clips, pmg, rng);
  std::vector<torch::Tensor> ts;
  for (auto& c : clips) {
    auto t =
        torch::from_blob(c.data.data(), {c.frames, c.height, c.width, 3}, torch::kUInt8).clone();
    ts.push_back(t.permute({3, 0, 1, 2}).to(torch::kFloat32).div_(255.0));
  }
  return torch::stack(ts);
}

void saveCheckpoint(VideoMae& model, int step, const std::string& dir) {
  const std::string path = dir + "/model-step" + std::to_string(step) + ".pt";
  const std::string tmp = path + ".tmp";
  torch::serialize::OutputArchive archive;
  model->save(archive);
  archive.save_to(tmp);
  std::filesystem::rename(tmp, path);  // atomic: a crash never leaves a half-written checkpoint
  // latest.pt is a hard link to the newest checkpoint (no second copy), replaced atomically.
  const std::string link_tmp = dir + "/latest.pt.tmp";
  std::filesystem::remove(link_tmp);
  std::filesystem::create_hard_link(path, link_tmp);
  std::filesystem::rename(link_tmp, dir + "/latest.pt");
}

}  // namespace

double learningRate(double peak, int step, int warmup, int total) {
  if (warmup > 0 && step < warmup) return peak * double(step + 1) / warmup;
  const double progress = double(step - warmup) / std::max(1, total - warmup);
  return 0.5 * peak * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

TrainResult train(const TrainOptions& o, ImageSource& source,
                  const std::function<void(const nlohmann::json&)>& on_event) {
  configureThreads(o.threads);
  torch::manual_seed(o.seed);
  VideoMaeConfig mc = videoMaeConfig(o.model);
  mc.mask_ratio = o.mask_ratio;
  mc.norm_pixel_targets = o.norm_pixel_targets;
  validate(mc);
  PmgConfig pmg = presetConfig(o.pmg_preset);
  pmg.frames = mc.frames;
  pmg.size = mc.image_size;

  RunDir run{o.run_dir};
  run.create();
  nlohmann::json config = {{"model", toJson(mc)},
                           {"pmg", toJson(pmg)},
                           {"steps", o.steps},
                           {"batch", o.batch},
                           {"base_lr", o.base_lr},
                           {"weight_decay", o.weight_decay},
                           {"warmup_steps", o.warmup_steps},
                           {"clip_grad", o.clip_grad},
                           {"seed", o.seed},
                           {"model_size", o.model}};
  writeFileAtomic(run.config(), config.dump(2));

  VideoMae model(mc);
  std::vector<torch::Tensor> decay, no_decay;
  for (const auto& p : model->named_parameters()) {
    const bool skip = p.value().dim() <= 1 || p.key().find("mask_token") != std::string::npos;
    (skip ? no_decay : decay).push_back(p.value());
  }
  const double peak = o.base_lr * o.batch / 256.0;
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(
      decay, std::make_unique<torch::optim::AdamWOptions>(
                 torch::optim::AdamWOptions(peak).betas({0.9, 0.95}).weight_decay(o.weight_decay)));
  groups.emplace_back(no_decay,
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(peak).betas({0.9, 0.95}).weight_decay(0.0)));
  torch::optim::AdamW optimizer(groups);
  torch::Generator gen = at::detail::createCPUGenerator(o.seed);

  TrainResult result;
  const auto start = Clock::now();
  for (int step = 0; step < o.steps; ++step) {
    const auto t0 = Clock::now();
    torch::Tensor video = makeBatch(pmg, source, o.seed, long(step) * o.batch, o.batch);
    const double data_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double lr = learningRate(peak, step, o.warmup_steps, o.steps);
    for (auto& g : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    auto mask = tubeMask(mc, o.batch, mc.mask_ratio, gen);
    auto targets = reconstructionTargets(video, mc, mc.norm_pixel_targets);
    optimizer.zero_grad();
    auto pred = model->forward(imagenetNormalize(video), mask);
    auto loss = maskedLoss(pred, targets, mask);
    const double loss_value = loss.item<double>();
    if (!std::isfinite(loss_value)) {
      throw std::runtime_error("non-finite loss at step " + std::to_string(step) +
                               "; the last good checkpoint in " + run.checkpoints() + " is intact");
    }
    loss.backward();
    const double grad_norm = torch::nn::utils::clip_grad_norm_(
        model->parameters(), o.clip_grad > 0 ? o.clip_grad : 1e30);
    optimizer.step();
    const double step_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    nlohmann::json event = {{"step", step},
                            {"loss", loss_value},
                            {"lr", lr},
                            {"grad_norm", grad_norm},
                            {"clips_per_s", o.batch / step_s},
                            {"data_wait", data_s / step_s},
                            {"eta_s", elapsed / (step + 1) * (o.steps - step - 1)}};
    appendJsonLine(run.events(), event);
    if (on_event) on_event(event);
    if (step == 0) result.first_loss = loss_value;
    result.last_loss = loss_value;
    result.steps = step + 1;
    if (o.checkpoint_every > 0 && (step + 1) % o.checkpoint_every == 0)
      saveCheckpoint(model, step + 1, run.checkpoints());
  }
  saveCheckpoint(model, result.steps, run.checkpoints());
  result.checkpoint = run.checkpoints() + "/latest.pt";
  return result;
}

}  // namespace pmg::training
