#include "pmg/training/trainer.h"
#include "pmg/durable_file.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "clip_batch.h"
#include "device_pmg.h"
#include "foreach_adamw.h"
#include "held_out_validation.h"
#include "pmg/clip_writer.h"
#include "pmg/config_keys.h"
#include "pmg/memory_limit.h"
#include "pmg/npy.h"
#include "pmg/run_dir.h"
#include "pmg/training/checkpoint.h"
#include "pmg/training/device.h"
#include "pmg/training/distributed.h"
#include "pmg/training/reconstruction.h"
#include "pmg/training/tfevents.h"
#include "pmg/training/torch_info.h"
#include "pmg/training/videomae.h"
#include "token_masks.h"

namespace pmg::training {

bool rendersPmgOnDevice(const TrainOptions& o, bool device_is_cuda) {
  if (o.pmg_device == "cpu") return false;
  if (o.pmg_device == "device") return true;
  if (o.pmg_device == "auto") return device_is_cuda;
  if (o.pmg_device == "cuda") return true;
  throw std::invalid_argument("invalid train.pmg_device '" + o.pmg_device +
                              "': allowed auto, cpu, device, cuda");
}

namespace {

using Clock = std::chrono::steady_clock;

/// Keeps only events before `step` (a crashed run may have logged steps past its checkpoint).
void truncateEvents(const std::string& path, int step) {
  std::string kept;
  for (const auto& e : readJsonLines(path)) {
    if (e.value("step", 0) < step) kept += dumpJson(e) + "\n";
  }
  writeFileDurable(path, kept);
}

/// The reconstruction figure of the first clip (same code path as `pmg reconstruct`)
/// plus its raw input, mask, prediction and targets as .npy for the GUI; with running-cell
/// masking also the decoder's mask (decode_mask.npy: the tokens the loss covered).
void writeSnapshot(const std::string& dir, const torch::Tensor& video, const torch::Tensor& mask,
                   const torch::Tensor& pred, const torch::Tensor& targets, const VideoMaeConfig& c,
                   const torch::Tensor& decode) {
  writeReconstruction(makePanels(video, mask, pred, c, c.norm_pixel_targets, decode), dir);
  auto clip = video[0]
                  .permute({1, 2, 3, 0})
                  .mul(255.0)
                  .round()
                  .clamp(0, 255)
                  .to(torch::kUInt8)
                  .contiguous();
  writeNpyU8(dir + "/input.npy", clip.data_ptr<uint8_t>(), clip.sizes().vec());
  auto m = mask[0].to(torch::kUInt8).contiguous();
  writeNpyU8(dir + "/mask.npy", m.data_ptr<uint8_t>(), m.sizes().vec());
  if (decode.defined()) {
    auto d = decode[0].to(torch::kUInt8).contiguous();
    writeNpyU8(dir + "/decode_mask.npy", d.data_ptr<uint8_t>(), d.sizes().vec());
  }
  auto p = pred[0].detach().to(torch::kFloat32).contiguous();
  writeNpyF32(dir + "/prediction.npy", p.data_ptr<float>(), p.sizes().vec());
  auto t = targets[0].contiguous();
  writeNpyF32(dir + "/targets.npy", t.data_ptr<float>(), t.sizes().vec());
}

/// The snapshot of a step. With a decoder mask (running cell) the figure reconstructs every
/// masked token of the first clip (one extra forward without gradients) and decode_mask.npy
/// records the tokens the loss covered.
void snapshotStep(const std::string& dir, VideoMae& model, const torch::Tensor& video,
                  const StepMasks& masks, const torch::Tensor& pred, const torch::Tensor& targets,
                  const torch::Device& device, bool bf16) {
  torch::Tensor shown = pred.detach();
  const bool dual = masks.decode.defined();
  if (dual) {
    torch::NoGradGuard no_grad;
    AutocastGuard autocast(device, bf16);
    shown = model->forward(imagenetNormalize(video.narrow(0, 0, 1)), masks.mask.narrow(0, 0, 1));
  }
  writeSnapshot(dir, video.cpu(), masks.mask.cpu(), shown.to(torch::kFloat32).cpu(), targets.cpu(),
                model->config, dual ? masks.decode.cpu() : torch::Tensor());
}

}  // namespace

double learningRate(double peak, int step, int warmup, int total) {
  if (warmup > 0 && step < warmup) return peak * double(step + 1) / warmup;
  const double progress = double(step - warmup) / std::max(1, total - warmup);
  return 0.5 * peak * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

TrainResult train(const TrainOptions& o, ImageSource& source,
                  const std::function<void(const nlohmann::json&)>& on_event, TrainControl* control,
                  bool resume) {
  WeightedSource single;
  single.source = &source;
  single.name = source.describe();
  return train(o, std::vector<WeightedSource>{single}, on_event, control, resume);
}

TrainResult train(const TrainOptions& o, const std::vector<WeightedSource>& sources,
                  const std::function<void(const nlohmann::json&)>& on_event, TrainControl* control,
                  bool resume, DataParallel* group) {
  configureThreads(o.threads);
  VideoMaeConfig mc = videoMaeConfig(o.model, o.model_overrides);
  mc.mask_ratio = o.mask_ratio;
  mc.norm_pixel_targets = o.norm_pixel_targets;
  validate(mc);
  PmgConfig pmg =
      o.pmg_config.is_object() ? pmgConfigFromJson(o.pmg_config) : presetConfig(o.pmg_preset);
  pmg.frames = mc.frames;
  pmg.size = mc.image_size;

  // Data parallel: from the caller, or from the environment (torchrun, Slurm, --nproc).
  const DistEnv env = distEnvFromEnvironment();
  const torch::Device device = resolveDevice(o.device, env.local_rank);
  std::unique_ptr<DataParallel> owned_group;
  if (!group) {
    owned_group = joinDataParallel(env, device);
    group = owned_group.get();
  }
  const int rank = group ? group->rank() : 0, world = group ? group->world() : 1;
  if (o.batch % world != 0)
    throw std::invalid_argument("batch (" + std::to_string(o.batch) +
                                ") must be divisible by the number of ranks (" +
                                std::to_string(world) + ")");
  const int local_batch = o.batch / world;
  // The step's video and targets as float32: refused before anything is allocated.
  requireClipBytes(2.0 * clipBytes(local_batch, mc.frames, mc.image_size, 4),
                   "a batch of " + std::to_string(local_batch) + " clips of " +
                       std::to_string(mc.frames) + "x" + std::to_string(mc.image_size) + "x" +
                       std::to_string(mc.image_size));
  requireClipBytes(2.0 * clipBytes(o.val_clips, mc.frames, mc.image_size, 4),
                   "the validation set of " + std::to_string(o.val_clips) + " clips (--val-clips)");
  const bool writer = rank == 0;  // only rank 0 writes the run directory

  RunDir run{o.run_dir};
  const std::string resume_from = resume ? latestCheckpoint(run.checkpoints()) : "";
  if (resume && resume_from.empty())
    throw std::runtime_error("cannot resume: no checkpoint in " + run.checkpoints());
  if (writer) {
    run.create();
    writeFileDurable(
        run.config(),
        nlohmann::json{{"train", toJson(o)}, {"model", toJson(mc)}, {"pmg", toJson(pmg)}}.dump(2));
  }

  // Initialisation draws from the global generator: serialise it, so trainers running as
  // threads (ranks in tests) each get the seed's weights.
  static std::mutex init_mutex;
  VideoMae model = [&] {
    std::lock_guard<std::mutex> lock(init_mutex);
    torch::manual_seed(o.seed);
    return VideoMae(mc);
  }();
  model->to(device);
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
  ForeachAdamW optimizer(std::move(groups));
  torch::Generator gen = at::detail::createCPUGenerator(o.seed);

  TrainResult result;
  if (resume) {
    loadWeights(*model, resume_from);
    result.start_step = loadTrainerState(optimizer, gen, resume_from).step;
    if (writer) truncateEvents(run.events(), result.start_step);
  } else if (group) {
    group->broadcast(model->parameters());  // identical start on every rank
  }
  result.steps = result.start_step;

  // Held-out clips from their own seed stream, without mixing or flips, and a fixed mask.
  HeldOutValidation validation;
  if (writer && o.val_clips > 0)
    validation = HeldOutValidation(pmg, sources, mc, o, device, control ? &control->stop : nullptr);

  auto checkpoint = [&](int steps_done) {
    if (!writer) return;
    TrainerState state;
    state.step = steps_done;
    state.info = {{"world", world},
                  {"seed", o.seed},
                  {"lr", learningRate(peak, std::max(0, steps_done - 1), o.warmup_steps, o.steps)},
                  {"clips_seen", long(steps_done) * o.batch}};
    if (o.epoch_clips > 0) state.info["epoch"] = double(steps_done) * o.batch / o.epoch_clips;
    saveCheckpoint(*model, &optimizer, &gen, state, run.checkpoints(), o.keep_checkpoints);
  };

  std::unique_ptr<TfEventsWriter> tb;
  if (writer) tb = std::make_unique<TfEventsWriter>(run.tensorboard());
  if (o.pmg_device == "cuda" && !device.is_cuda())
    throw std::invalid_argument(
        "pmg_device 'cuda' renders PMG on the training GPU, but the device is " + device.str() +
        "; use --pmg-device cpu or device");
  const bool pmg_on_device = rendersPmgOnDevice(o, device.is_cuda());
  LoaderOptions lo;
  lo.render_on_device = pmg_on_device;
  lo.batch = local_batch;
  lo.workers = o.workers;
  lo.prefetch = o.prefetch;
  lo.flip = o.flip;
  lo.shard = rank;
  lo.shards = world;
  ClipLoader loader(pmg, sources, o.seed, lo, result.start_step);
  const auto start = Clock::now();
  for (int step = result.start_step; step < o.steps; ++step) {
    const auto t0 = Clock::now();
    LoaderBatch batch = loader.nextBatch();
    // Before the clips move out of the batch (motion masks follow their programs).
    const StepMasks masks =
        stepMasks(o.mask, batch, mc, o.seed, gen, {rank, world, local_batch, step}, device);
    torch::Tensor video = pmg_on_device ? loaderBatchToDevice(batch, device)
                                        : clipsToDevice(batch.takeClips(), device);
    const double data_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double lr = learningRate(peak, step, o.warmup_steps, o.steps);
    for (auto& g : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    auto targets = reconstructionTargets(video, mc, mc.norm_pixel_targets);
    optimizer.zero_grad();
    torch::Tensor pred;
    {
      AutocastGuard autocast(device, o.bf16);
      pred = model->forward(imagenetNormalize(video), masks.mask, masks.decoded());
    }
    auto loss = maskedLoss(pred.to(torch::kFloat32), targets, masks.decoded());
    loss.backward();
    double loss_value = loss.item<double>();
    if (group) {
      group->averageGradients(model->parameters());
      loss_value = group->average(loss_value);
    }
    if (!std::isfinite(loss_value)) {
      throw std::runtime_error("non-finite loss at step " + std::to_string(step) +
                               "; the last good checkpoint in " + run.checkpoints() + " is intact");
    }
    const double grad_norm = torch::nn::utils::clip_grad_norm_(
        model->parameters(), o.clip_grad > 0 ? o.clip_grad : 1e30);
    optimizer.step();
    const double step_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const int done = step + 1 - result.start_step;
    const double wall_time =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    nlohmann::json event = {{"v", 2},
                            {"step", step},
                            {"time", wall_time},
                            {"loss", loss_value},
                            {"lr", lr},
                            {"grad_norm", grad_norm},
                            {"clips_per_s", o.batch / step_s},
                            {"data_wait", data_s / step_s},
                            {"memory_mb", peakMemoryMiB(device)},
                            {"eta_s", elapsed / done * (o.steps - step - 1)}};
    if (o.epoch_clips > 0) event["epoch"] = double(step + 1) * o.batch / o.epoch_clips;
    if (step == result.start_step) {  // where the clips are rendered, how tokens are masked
      event["pmg_rendered_on"] = pmg_on_device ? device.str() : std::string("cpu loader");
      event["mask"] = o.mask;
    }
    if (masks.tube_fallbacks > 0) {
      event["mask_tube_fallbacks"] = masks.tube_fallbacks;
      static std::once_flag said;
      std::call_once(said, [] {
        std::cerr << "pmg train: motion masking uses tube masks for clips without a motion "
                     "program (real videos); each step's count is in the events\n";
      });
    }
    // Unreadable source items met by the loader: named once in the events and the log.
    if (auto skipped = loader.takeNewSkips(); !skipped.empty()) {
      for (const auto& s : skipped) std::cerr << "pmg train: skipped " << s << "\n";
      event["skipped"] = skipped;
    }
    const bool last = step + 1 == o.steps;
    if (writer && (last || (o.val_every > 0 && (step + 1) % o.val_every == 0)) &&
        validation.defined()) {
      const auto v = validation.evaluate(model, local_batch, o.bf16);
      result.val_loss = v.loss;
      result.val_trivial = v.trivial;
      event["val_loss"] = v.loss;
      event["val_trivial"] = v.trivial;
      event["val_ratio"] = v.loss / v.trivial;
    }
    if (writer) {
      appendJsonLine(run.events(), event);
      for (const char* k : {"loss", "lr", "grad_norm", "clips_per_s", "data_wait", "memory_mb",
                            "val_loss", "val_ratio"})
        if (event.contains(k)) tb->scalar(k, event[k], step);
      if (on_event) on_event(event);
    }
    if (step == result.start_step) result.first_loss = loss_value;
    result.last_loss = loss_value;
    result.steps = step + 1;
    const bool snapshot_now = (o.snapshot_every > 0 && (step + 1) % o.snapshot_every == 0) ||
                              (control && control->snapshot.exchange(false));
    if (writer && snapshot_now)
      snapshotStep(run.snapshots() + "/step-" + std::to_string(step + 1), model, video, masks, pred,
                   targets, device, o.bf16);
    // Every rank must stop at the same step: the stop request is agreed on.
    bool stop = control && control->stop.load();
    if (group) stop = group->average(stop ? 1.0 : 0.0) > 0.0;
    if (stop) {
      result.stopped = true;
      break;
    }
    if (o.checkpoint_every > 0 && (step + 1) % o.checkpoint_every == 0) checkpoint(step + 1);
  }
  checkpoint(result.steps);
  result.checkpoint = writer ? latestCheckpoint(run.checkpoints()) : "";
  return result;
}

}  // namespace pmg::training
