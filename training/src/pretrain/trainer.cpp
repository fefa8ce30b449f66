#include "pmg/training/pretrain/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>

#include "data/clip_batch.h"
#include "data/device_pmg.h"
#include "pmg/base/durable_file.h"
#include "pmg/base/memory_limit.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/step_event.h"
#include "pmg/training/formats/checkpoint.h"
#include "pmg/training/formats/tfevents.h"
#include "pmg/training/model/device.h"
#include "pmg/training/model/torch_info.h"
#include "pmg/training/model/videomae.h"
#include "pmg/training/pretrain/distributed.h"
#include "pretrain/foreach_adamw.h"
#include "pretrain/held_out_validation.h"
#include "pretrain/step_snapshot.h"
#include "pretrain/token_masks.h"

namespace pmg::training {

bool rendersPmgOnDevice(const TrainOptions& o, bool device_is_cuda) {
  if (o.pmg_device == "cpu") return false;
  if (o.pmg_device == "device") return true;
  if (o.pmg_device == "auto") return device_is_cuda;
  if (o.pmg_device == "cuda") return true;
  throw ConfigError("invalid train.pmg_device '" + o.pmg_device +
                    "': allowed auto, cpu, device, cuda");
}

double learningRate(double peak, int step, int warmup, int total) {
  if (warmup > 0 && step < warmup) return peak * double(step + 1) / warmup;
  const double progress = double(step - warmup) / std::max(1, total - warmup);
  return 0.5 * peak * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Keeps only events before `step` (a crashed run may have logged steps past its checkpoint).
void truncateEvents(const std::string& path, int step) {
  std::string kept;
  for (const auto& e : readJsonLines(path)) {
    if (e.value("step", 0) < step) kept += dumpJson(e) + "\n";
  }
  writeFileDurable(path, kept);
}

/// The model config a run trains: the size's defaults, overrides, and the run's masking.
VideoMaeConfig modelConfigOf(const TrainOptions& o) {
  VideoMaeConfig mc = videoMaeConfig(o.model, o.model_overrides);
  mc.mask_ratio = o.mask_ratio;
  mc.norm_pixel_targets = o.norm_pixel_targets;
  validate(mc);
  return mc;
}

/// The PMG config a run renders, at the model's clip shape.
PmgConfig pmgConfigOf(const TrainOptions& o, const VideoMaeConfig& mc) {
  PmgConfig pmg =
      o.pmg_config.is_object() ? pmgConfigFromJson(o.pmg_config) : presetConfig(o.pmg_preset);
  pmg.frames = mc.frames;
  pmg.size = mc.image_size;
  return pmg;
}

/// AdamW (0.9, 0.95) with weight decay on matrices only (not biases, norms, mask token).
std::unique_ptr<ForeachAdamW> makeOptimizer(VideoMae& model, double peak, double weight_decay) {
  std::vector<torch::Tensor> decay, no_decay;
  for (const auto& p : model->named_parameters()) {
    const bool skip = p.value().dim() <= 1 || p.key().find("mask_token") != std::string::npos;
    (skip ? no_decay : decay).push_back(p.value());
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(
      decay, std::make_unique<torch::optim::AdamWOptions>(
                 torch::optim::AdamWOptions(peak).betas({0.9, 0.95}).weight_decay(weight_decay)));
  groups.emplace_back(no_decay,
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(peak).betas({0.9, 0.95}).weight_decay(0.0)));
  return std::make_unique<ForeachAdamW>(std::move(groups));
}

/// What one optimisation step computed, kept for the event and the snapshot.
struct StepOutcome {
  StepMasks masks;
  torch::Tensor video, pred, targets;
  double loss = 0.0, lr = 0.0, grad_norm = 0.0;
  double data_s = 0.0, step_s = 0.0;  ///< waiting for clips; the whole step
};

/// One pre-training run: `TrainingRun(...)` sets everything up (model, optimizer, resume,
/// validation set, loader), then each step is `step()`, `record()`, `maybeSnapshot()`,
/// `agreedToStop()` and `maybeCheckpoint()`.
class TrainingRun {
 public:
  TrainingRun(const TrainOptions& o, const std::vector<WeightedSource>& sources,
              std::function<void(const nlohmann::json&)> on_event, TrainControl* control,
              bool resume, DataParallel* group)
      : o_(o), on_event_(std::move(on_event)), control_(control) {
    configureThreads(o.threads);
    mc_ = modelConfigOf(o);
    pmg_ = pmgConfigOf(o, mc_);
    joinRanks(group);
    openRunDir(resume);
    makeModel();
    if (resume) {
      restore();
    } else if (group_) {
      group_->broadcast(model_->parameters());  // identical start on every rank
    }
    result_.steps = result_.start_step;
    // Held-out clips from their own seed stream, without mixing or flips, and a fixed mask.
    if (writer_ && o.val_clips > 0)
      validation_ =
          HeldOutValidation(pmg_, sources, mc_, o, device_, control ? &control->stop : nullptr);
    if (writer_) tb_ = std::make_unique<TfEventsWriter>(run_.tensorboard());
    makeLoader(sources);
  }

  /// Trains from the start (or resumed) step to the last, or until a stop is agreed.
  TrainResult run() {
    start_ = Clock::now();
    for (int s = result_.start_step; s < o_.steps; ++s) {
      const StepOutcome out = step(s);
      record(s, out);
      maybeSnapshot(s, out);
      if (agreedToStop()) {
        result_.stopped = true;
        break;
      }
      if (o_.checkpoint_every > 0 && (s + 1) % o_.checkpoint_every == 0) checkpoint(s + 1);
    }
    checkpoint(result_.steps);
    result_.checkpoint = writer_ ? latestCheckpoint(run_.checkpoints()) : "";
    return result_;
  }

 private:
  /// Data parallel: from the caller, or from the environment (torchrun, Slurm, --nproc). The
  /// step's tensors must fit the memory limit: refused before anything is allocated.
  void joinRanks(DataParallel* group) {
    const DistEnv env = distEnvFromEnvironment();
    device_ = resolveDevice(o_.device, env.local_rank);
    if (!group) {
      owned_group_ = joinDataParallel(env, device_);
      group = owned_group_.get();
    }
    group_ = group;
    rank_ = group ? group->rank() : 0;
    world_ = group ? group->world() : 1;
    if (o_.batch % world_ != 0)
      throw ConfigError("batch (" + std::to_string(o_.batch) +
                        ") must be divisible by the number of ranks (" + std::to_string(world_) +
                        ")");
    local_batch_ = o_.batch / world_;
    // The step's video and targets as float32.
    requireClipBytes(2.0 * clipBytes(local_batch_, mc_.frames, mc_.image_size, 4),
                     "a batch of " + std::to_string(local_batch_) + " clips of " +
                         std::to_string(mc_.frames) + "x" + std::to_string(mc_.image_size) + "x" +
                         std::to_string(mc_.image_size));
    requireClipBytes(
        2.0 * clipBytes(o_.val_clips, mc_.frames, mc_.image_size, 4),
        "the validation set of " + std::to_string(o_.val_clips) + " clips (--val-clips)");
    writer_ = rank_ == 0;  // only rank 0 writes the run directory
  }

  /// Finds the checkpoint to resume from and, on rank 0, writes the resolved config.
  void openRunDir(bool resume) {
    run_ = RunDir{o_.run_dir};
    resume_from_ = resume ? latestCheckpoint(run_.checkpoints()) : "";
    if (resume && resume_from_.empty())
      throw std::runtime_error("cannot resume: no checkpoint in " + run_.checkpoints());
    if (!writer_) return;
    run_.create();
    writeFileDurable(
        run_.config(),
        nlohmann::json{{"train", toJson(o_)}, {"model", toJson(mc_)}, {"pmg", toJson(pmg_)}}.dump(
            2));
  }

  /// The seed's weights on the device, the optimizer and the masks' generator.
  void makeModel() {
    // Initialisation draws from the global generator: serialise it, so trainers running as
    // threads (ranks in tests) each get the seed's weights.
    static std::mutex init_mutex;
    {
      std::lock_guard<std::mutex> lock(init_mutex);
      torch::manual_seed(o_.seed);
      model_ = VideoMae(mc_);
    }
    model_->to(device_);
    peak_ = o_.base_lr * o_.batch / 256.0;
    optimizer_ = makeOptimizer(model_, peak_, o_.weight_decay);
    gen_ = at::detail::createCPUGenerator(o_.seed);
  }

  /// Weights, optimizer and generator state from the latest checkpoint; later events dropped.
  void restore() {
    loadWeights(*model_, resume_from_);
    result_.start_step = loadTrainerState(*optimizer_, gen_, resume_from_).step;
    if (writer_) truncateEvents(run_.events(), result_.start_step);
  }

  /// The loader, positioned at the start step (CPU threads, or rendering on the device).
  void makeLoader(const std::vector<WeightedSource>& sources) {
    if (o_.pmg_device == "cuda" && !device_.is_cuda())
      throw ConfigError("pmg_device 'cuda' renders PMG on the training GPU, but the device is " +
                        device_.str() + "; use --pmg-device cpu or device");
    pmg_on_device_ = rendersPmgOnDevice(o_, device_.is_cuda());
    LoaderOptions lo;
    lo.render_on_device = pmg_on_device_;
    lo.batch = local_batch_;
    lo.workers = o_.workers;
    lo.prefetch = o_.prefetch;
    lo.flip = o_.flip;
    lo.shard = rank_;
    lo.shards = world_;
    loader_ = std::make_unique<ClipLoader>(pmg_, sources, o_.seed, lo, result_.start_step);
  }

  /// One optimisation step: clips, masks, forward, masked loss, backward (averaged over
  /// ranks), clipping and the AdamW update. A non-finite loss stops the run.
  StepOutcome step(int s) {
    StepOutcome out;
    const auto t0 = Clock::now();
    LoaderBatch batch = loader_->nextBatch();
    // Before the clips move out of the batch (motion masks follow their programs).
    out.masks =
        stepMasks(o_.mask, batch, mc_, o_.seed, gen_, {rank_, world_, local_batch_, s}, device_);
    out.video = pmg_on_device_ ? loaderBatchToDevice(batch, device_)
                               : clipsToDevice(batch.takeClips(), device_);
    out.data_s = secondsSince(t0);
    out.lr = learningRate(peak_, s, o_.warmup_steps, o_.steps);
    for (auto& g : optimizer_->param_groups())
      static_cast<torch::optim::AdamWOptions&>(g.options()).lr(out.lr);
    out.targets = reconstructionTargets(out.video, mc_, mc_.norm_pixel_targets);
    optimizer_->zero_grad();
    {
      AutocastGuard autocast(device_, o_.bf16);
      out.pred = model_->forward(imagenetNormalize(out.video), out.masks.mask, out.masks.decoded());
    }
    auto loss = maskedLoss(out.pred.to(torch::kFloat32), out.targets, out.masks.decoded());
    loss.backward();
    out.loss = loss.item<double>();
    if (group_) {
      group_->averageGradients(model_->parameters());
      out.loss = group_->average(out.loss);
    }
    if (!std::isfinite(out.loss))
      throw std::runtime_error("non-finite loss at step " + std::to_string(s) +
                               "; the last good checkpoint in " + run_.checkpoints() +
                               " is intact");
    out.grad_norm = torch::nn::utils::clip_grad_norm_(model_->parameters(),
                                                      o_.clip_grad > 0 ? o_.clip_grad : 1e30);
    optimizer_->step();
    out.step_s = secondsSince(t0);
    return out;
  }

  /// The step's event: validation when due, then events.jsonl, TensorBoard and the caller.
  void record(int s, const StepOutcome& out) {
    StepEvent e = eventOf(s, out);
    const bool last = s + 1 == o_.steps;
    if (writer_ && (last || (o_.val_every > 0 && (s + 1) % o_.val_every == 0)) &&
        validation_.defined()) {
      const auto v = validation_.evaluate(model_, local_batch_, o_.bf16);
      result_.val_loss = v.loss;
      result_.val_trivial = v.trivial;
      e.val_loss = v.loss;
      e.val_trivial = v.trivial;
      e.val_ratio = v.loss / v.trivial;
    }
    if (writer_) {
      const nlohmann::json j = toJson(e);
      appendJsonLine(run_.events(), j);
      for (const auto& m : stepMetrics())
        if (const auto value = metricValue(j, m.key)) tb_->scalar(m.key, *value, s);
      if (on_event_) on_event_(j);
    }
    if (s == result_.start_step) result_.first_loss = out.loss;
    result_.last_loss = out.loss;
    result_.steps = s + 1;
  }

  /// The typed event of step `s` (without validation).
  StepEvent eventOf(int s, const StepOutcome& out) {
    StepEvent e;
    e.step = s;
    e.time =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    e.loss = out.loss;
    e.lr = out.lr;
    e.grad_norm = out.grad_norm;
    e.clips_per_s = o_.batch / out.step_s;
    e.data_wait = out.data_s / out.step_s;
    e.memory_mb = peakMemoryMiB(device_);
    const int done = s + 1 - result_.start_step;
    e.eta_s = secondsSince(start_) / done * (o_.steps - s - 1);
    if (o_.epoch_clips > 0) e.epoch = double(s + 1) * o_.batch / o_.epoch_clips;
    if (s == result_.start_step) {  // where the clips are rendered, how tokens are masked
      e.pmg_rendered_on = pmg_on_device_ ? device_.str() : std::string("cpu loader");
      e.mask = o_.mask;
    }
    if (out.masks.tube_fallbacks > 0) {
      e.mask_tube_fallbacks = out.masks.tube_fallbacks;
      static std::once_flag said;
      std::call_once(said, [] {
        std::cerr << "pmg train: motion masking uses tube masks for clips without a motion "
                     "program (real videos); each step's count is in the events\n";
      });
    }
    // Unreadable source items met by the loader: named once in the events and the log.
    e.skipped = loader_->takeNewSkips();
    for (const auto& item : e.skipped) std::cerr << "pmg train: skipped " << item << "\n";
    return e;
  }

  /// A reconstruction snapshot every snapshot_every steps or when asked (GUI, control file).
  void maybeSnapshot(int s, const StepOutcome& out) {
    const bool now = (o_.snapshot_every > 0 && (s + 1) % o_.snapshot_every == 0) ||
                     (control_ && control_->snapshot.exchange(false));
    if (writer_ && now)
      snapshotStep(run_.snapshots() + "/step-" + std::to_string(s + 1), model_, out.video,
                   out.masks, out.pred, out.targets, device_, o_.bf16);
  }

  /// Every rank must stop at the same step: the stop request is agreed on.
  bool agreedToStop() {
    bool stop = control_ && control_->stop.load();
    if (group_) stop = group_->average(stop ? 1.0 : 0.0) > 0.0;
    return stop;
  }

  /// Rank 0 saves weights, optimizer, generator and progress after `steps_done` steps.
  void checkpoint(int steps_done) {
    if (!writer_) return;
    TrainerState state;
    state.step = steps_done;
    state.info = {
        {"world", world_},
        {"seed", o_.seed},
        {"lr", learningRate(peak_, std::max(0, steps_done - 1), o_.warmup_steps, o_.steps)},
        {"clips_seen", long(steps_done) * o_.batch}};
    if (o_.epoch_clips > 0) state.info["epoch"] = double(steps_done) * o_.batch / o_.epoch_clips;
    saveCheckpoint(*model_, optimizer_.get(), &gen_, state, run_.checkpoints(),
                   o_.keep_checkpoints);
  }

  const TrainOptions& o_;
  std::function<void(const nlohmann::json&)> on_event_;
  TrainControl* control_;
  VideoMaeConfig mc_;
  PmgConfig pmg_;
  torch::Device device_ = torch::kCPU;
  std::unique_ptr<DataParallel> owned_group_;
  DataParallel* group_ = nullptr;
  int rank_ = 0, world_ = 1, local_batch_ = 0;
  bool writer_ = true;
  RunDir run_;
  std::string resume_from_;
  VideoMae model_{nullptr};
  double peak_ = 0.0;
  std::unique_ptr<ForeachAdamW> optimizer_;
  torch::Generator gen_;
  TrainResult result_;
  HeldOutValidation validation_;
  std::unique_ptr<TfEventsWriter> tb_;
  bool pmg_on_device_ = false;
  std::unique_ptr<ClipLoader> loader_;
  Clock::time_point start_;
};

}  // namespace

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
  return TrainingRun(o, sources, on_event, control, resume, group).run();
}

}  // namespace pmg::training
