#include "pmg/training/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "clip_batch.h"
#include "device_pmg.h"
#include "foreach_adamw.h"
#include "pmg/clip_writer.h"
#include "pmg/config_keys.h"
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

namespace {

using Clock = std::chrono::steady_clock;

/// Keeps only events before `step` (a crashed run may have logged steps past its checkpoint).
void truncateEvents(const std::string& path, int step) {
  std::string kept;
  for (const auto& e : readJsonLines(path)) {
    if (e.value("step", 0) < step) kept += dumpJson(e) + "\n";
  }
  writeFileAtomic(path, kept);
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

}  // namespace

bool rendersPmgOnDevice(const TrainOptions& o, bool device_is_cuda) {
  if (o.pmg_device == "cpu") return false;
  if (o.pmg_device == "device") return true;
  if (o.pmg_device == "auto") return device_is_cuda;
  if (o.pmg_device == "cuda") return true;
  throw std::invalid_argument("invalid train.pmg_device '" + o.pmg_device +
                              "': allowed auto, cpu, device, cuda");
}

nlohmann::json toJson(const TrainOptions& o) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : o.sources)
    sources.push_back({{"spec", s.spec}, {"weight", s.weight}, {"real_video", s.real_video}});
  return {{"sources", sources},
          {"workers", o.workers},
          {"prefetch", o.prefetch},
          {"flip", o.flip},
          {"model", o.model},
          {"model_overrides", o.model_overrides},
          {"steps", o.steps},
          {"batch", o.batch},
          {"base_lr", o.base_lr},
          {"weight_decay", o.weight_decay},
          {"warmup_steps", o.warmup_steps},
          {"clip_grad", o.clip_grad},
          {"mask_ratio", o.mask_ratio},
          {"norm_pixel_targets", o.norm_pixel_targets},
          {"pmg_preset", o.pmg_preset},
          {"pmg_config", o.pmg_config},
          {"seed", o.seed},
          {"threads", o.threads},
          {"checkpoint_every", o.checkpoint_every},
          {"snapshot_every", o.snapshot_every},
          {"keep_checkpoints", o.keep_checkpoints},
          {"device", o.device},
          {"pmg_device", o.pmg_device},
          {"mask", o.mask},
          {"bf16", o.bf16},
          {"val_clips", o.val_clips},
          {"val_every", o.val_every},
          {"epoch_clips", o.epoch_clips}};
}

TrainOptions trainOptionsFromJson(const nlohmann::json& j) {
  const std::string where = "train";
  requireKnownKeys(j,
                   {"sources",
                    "workers",
                    "prefetch",
                    "flip",
                    "model",
                    "model_overrides",
                    "steps",
                    "batch",
                    "base_lr",
                    "weight_decay",
                    "warmup_steps",
                    "clip_grad",
                    "mask_ratio",
                    "norm_pixel_targets",
                    "pmg_preset",
                    "pmg_config",
                    "seed",
                    "threads",
                    "checkpoint_every",
                    "snapshot_every",
                    "keep_checkpoints",
                    "device",
                    "pmg_device",
                    "mask",
                    "bf16",
                    "val_clips",
                    "val_every",
                    "epoch_clips",
                    "run_dir"},
                   where);
  TrainOptions o;
  try {
    if (j.contains("sources")) {
      o.sources.clear();
      for (const auto& s : j.at("sources")) {
        requireKnownKeys(s, {"spec", "weight", "real_video"}, where + ".sources[]");
        o.sources.push_back({s.value("spec", std::string("library")),
                             numberInRange(s, "weight", 1.0, 0.0, 1e9, where + ".sources[]"),
                             s.value("real_video", false)});
      }
    }
    // The same ranges as the command line.
    const auto count = [&](const char* key, long fallback, double lo, double hi) {
      return long(numberInRange(j, key, double(fallback), lo, hi, where));
    };
    o.workers = int(count("workers", o.workers, 1, 256));
    o.prefetch = int(count("prefetch", o.prefetch, 1, 1024));
    o.flip = j.value("flip", o.flip);
    o.model = j.value("model", o.model);
    if (j.contains("model_overrides")) o.model_overrides = j.at("model_overrides");
    o.steps = int(count("steps", o.steps, 1, 2e9));
    o.batch = int(count("batch", o.batch, 1, 65536));
    o.base_lr = numberInRange(j, "base_lr", o.base_lr, 1e-9, 100, where);
    o.weight_decay = numberInRange(j, "weight_decay", o.weight_decay, 0, 10, where);
    o.warmup_steps = int(count("warmup_steps", o.warmup_steps, 0, 2e9));
    o.clip_grad = numberInRange(j, "clip_grad", o.clip_grad, 0, 1e9, where);
    o.mask_ratio = numberInRange(j, "mask_ratio", o.mask_ratio, 0.01, 0.99, where);
    o.norm_pixel_targets = j.value("norm_pixel_targets", o.norm_pixel_targets);
    o.pmg_preset = j.value("pmg_preset", o.pmg_preset);
    if (j.contains("pmg_config")) o.pmg_config = j.at("pmg_config");
    o.seed = j.value("seed", o.seed);
    o.threads = int(count("threads", o.threads, 0, 1024));
    o.checkpoint_every = int(count("checkpoint_every", o.checkpoint_every, 0, 2e9));
    o.snapshot_every = int(count("snapshot_every", o.snapshot_every, 0, 2e9));
    o.keep_checkpoints = int(count("keep_checkpoints", o.keep_checkpoints, 1, 1e6));
    o.device = j.value("device", o.device);
    o.pmg_device = j.value("pmg_device", o.pmg_device);
    o.mask = j.value("mask", o.mask);
    checkMaskKind(o.mask, "train.mask");
    rendersPmgOnDevice(o, false);  // validates the name (the GPU is checked at the start)
    o.bf16 = j.value("bf16", o.bf16);
    o.val_clips = int(count("val_clips", o.val_clips, 0, 1e6));
    o.val_every = int(count("val_every", o.val_every, 0, 2e9));
    o.epoch_clips = count("epoch_clips", o.epoch_clips, 0, 1e12);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(where + ": a value has the wrong type (" + std::string(e.what()) +
                                ")");
  }
  return o;
}

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
  const bool writer = rank == 0;  // only rank 0 writes the run directory

  RunDir run{o.run_dir};
  const std::string resume_from = resume ? latestCheckpoint(run.checkpoints()) : "";
  if (resume && resume_from.empty())
    throw std::runtime_error("cannot resume: no checkpoint in " + run.checkpoints());
  if (writer) {
    run.create();
    writeFileAtomic(
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
  torch::Tensor val_video, val_mask, val_targets;
  if (writer && o.val_clips > 0) {
    PmgConfig plain = pmg;
    plain.batch_mix = BatchMix::None;
    LoaderOptions vo;
    vo.batch = o.val_clips;
    vo.workers = 0;
    vo.flip = false;
    auto clips = ClipLoader(plain, sources, o.seed ^ 0x7A11DA7EULL, vo).makeBatch(0);
    val_video = clipsToDevice(clips, device);
    torch::Generator val_gen = at::detail::createCPUGenerator(o.seed ^ 0x7A11DULL);
    val_mask = tubeMask(mc, o.val_clips, mc.mask_ratio, val_gen).to(device);
    val_targets = reconstructionTargets(val_video, mc, mc.norm_pixel_targets);
  }
  auto validate_now = [&](nlohmann::json& event) {
    if (!val_video.defined()) return;
    torch::NoGradGuard no_grad;
    model->eval();
    double loss = 0.0;
    for (int64_t i = 0; i < val_video.size(0); i += local_batch) {
      const int64_t n = std::min<int64_t>(local_batch, val_video.size(0) - i);
      AutocastGuard autocast(device, o.bf16);
      auto pred =
          model->forward(imagenetNormalize(val_video.narrow(0, i, n)), val_mask.narrow(0, i, n));
      loss += maskedLoss(pred.to(torch::kFloat32), val_targets.narrow(0, i, n),
                         val_mask.narrow(0, i, n))
                  .item<double>() *
              double(n);
    }
    model->train();
    result.val_loss = loss / double(val_video.size(0));
    // The trivial predictor: each patch's mean, i.e. a zero normalized target.
    result.val_trivial = val_targets.index({val_mask}).square().mean().item<double>();
    event["val_loss"] = result.val_loss;
    event["val_trivial"] = result.val_trivial;
    event["val_ratio"] = result.val_loss / result.val_trivial;
  };

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
    BatchMasks motion;
    if (o.mask == "motion")  // before the clips move out of the batch
      motion =
          motionMasks(batch, mc, mc.mask_ratio, o.seed, (long(step) * world + rank) * local_batch);
    torch::Tensor video = pmg_on_device ? loaderBatchToDevice(batch, device)
                                        : clipsToDevice(batch.takeClips(), device);
    const double data_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double lr = learningRate(peak, step, o.warmup_steps, o.steps);
    for (auto& g : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    // Tube: the global batch's mask, drawn identically on every rank; each takes its slice.
    // Motion: each clip's own mask from its motion program.
    auto mask = o.mask == "motion" ? motion.mask.to(device)
                                   : tubeMask(mc, o.batch, mc.mask_ratio, gen)
                                         .narrow(0, rank * local_batch, local_batch)
                                         .to(device);
    // Running cell: the decoder reconstructs (and the loss covers) part of the masked tokens.
    const torch::Tensor decode =
        o.mask == "running-cell"
            ? runningCellMasks(mask, mc, o.seed, (long(step) * world + rank) * local_batch)
                  .to(device)
            : mask;
    auto targets = reconstructionTargets(video, mc, mc.norm_pixel_targets);
    optimizer.zero_grad();
    torch::Tensor pred;
    {
      AutocastGuard autocast(device, o.bf16);
      pred = model->forward(imagenetNormalize(video), mask, decode);
    }
    auto loss = maskedLoss(pred.to(torch::kFloat32), targets, decode);
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
    if (motion.tube_fallbacks > 0) {
      event["mask_tube_fallbacks"] = motion.tube_fallbacks;
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
    if (writer && (last || (o.val_every > 0 && (step + 1) % o.val_every == 0))) validate_now(event);
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
    if (writer && snapshot_now) {
      // Running cell: the figure reconstructs every masked token of the first clip (one extra
      // forward without gradients); decode_mask.npy records the tokens the loss covered.
      torch::Tensor shown = pred.detach();
      if (o.mask == "running-cell") {
        torch::NoGradGuard no_grad;
        AutocastGuard autocast(device, o.bf16);
        shown = model->forward(imagenetNormalize(video.narrow(0, 0, 1)), mask.narrow(0, 0, 1));
      }
      writeSnapshot(run.snapshots() + "/step-" + std::to_string(step + 1), video.cpu(), mask.cpu(),
                    shown.to(torch::kFloat32).cpu(), targets.cpu(), mc,
                    o.mask == "running-cell" ? decode.cpu() : torch::Tensor());
    }
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
