#include "pmg/training/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "pmg/clip_writer.h"
#include "pmg/npy.h"
#include "pmg/run_dir.h"
#include "pmg/training/reconstruction.h"
#include "pmg/training/tfevents.h"
#include "pmg/training/torch_info.h"
#include "pmg/training/videomae.h"

namespace pmg::training {

namespace {

using Clock = std::chrono::steady_clock;

/// Stacks a batch of clips into a (B, 3, T, H, W) float tensor in [0, 1].
torch::Tensor toTensor(std::vector<Clip>& clips) {
  std::vector<torch::Tensor> ts;
  for (auto& c : clips) {
    auto t = torch::from_blob(c.data.data(), {c.frames, c.height, c.width, 3}, torch::kUInt8);
    ts.push_back(t.permute({3, 0, 1, 2}).to(torch::kFloat32).div_(255.0));
  }
  return torch::stack(ts);
}

/// Model, optimizer, mask RNG and step in one archive, written atomically; latest.pt
/// is a hard link to the newest one.
void saveCheckpoint(VideoMae& model, torch::optim::AdamW& optimizer, torch::Generator& gen,
                    int step, const std::string& dir) {
  const std::string path = dir + "/model-step" + std::to_string(step) + ".pt";
  torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
  model->save(model_archive);
  optimizer.save(optimizer_archive);
  archive.write("model", model_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("mask_rng", gen.get_state());
  archive.write("step", torch::tensor(int64_t(step)));
  archive.save_to(path + ".tmp");
  std::filesystem::rename(path + ".tmp", path);  // a crash never leaves a half-written checkpoint
  const std::string link_tmp = dir + "/latest.pt.tmp";
  std::filesystem::remove(link_tmp);
  std::filesystem::create_hard_link(path, link_tmp);
  std::filesystem::rename(link_tmp, dir + "/latest.pt");
}

int loadCheckpoint(VideoMae& model, torch::optim::AdamW& optimizer, torch::Generator& gen,
                   const std::string& path) {
  torch::serialize::InputArchive archive, model_archive, optimizer_archive;
  archive.load_from(path);
  archive.read("model", model_archive);
  model->load(model_archive);
  archive.read("optimizer", optimizer_archive);
  optimizer.load(optimizer_archive);
  torch::Tensor state, step;
  archive.read("mask_rng", state);
  gen.set_state(state);
  archive.read("step", step);
  return int(step.item<int64_t>());
}

/// Keeps only events before `step` (a crashed run may have logged steps past its checkpoint).
void truncateEvents(const std::string& path, int step) {
  std::string kept;
  for (const auto& e : readJsonLines(path)) {
    if (e.value("step", 0) < step) kept += e.dump() + "\n";
  }
  writeFileAtomic(path, kept);
}

/// The reconstruction figure of the first clip (same code path as `pmg reconstruct`)
/// plus its raw input, mask, prediction and targets as .npy for the GUI.
void writeSnapshot(const std::string& dir, const torch::Tensor& video, const torch::Tensor& mask,
                   const torch::Tensor& pred, const torch::Tensor& targets,
                   const VideoMaeConfig& c) {
  writeReconstruction(makePanels(video, mask, pred, c, c.norm_pixel_targets), dir);
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
  auto p = pred[0].detach().to(torch::kFloat32).contiguous();
  writeNpyF32(dir + "/prediction.npy", p.data_ptr<float>(), p.sizes().vec());
  auto t = targets[0].contiguous();
  writeNpyF32(dir + "/targets.npy", t.data_ptr<float>(), t.sizes().vec());
}

}  // namespace

nlohmann::json toJson(const TrainOptions& o) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : o.sources)
    sources.push_back({{"spec", s.spec}, {"weight", s.weight}, {"real_video", s.real_video}});
  return {{"sources", sources},
          {"workers", o.workers},
          {"prefetch", o.prefetch},
          {"flip", o.flip},
          {"model", o.model},
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
          {"snapshot_every", o.snapshot_every}};
}

TrainOptions trainOptionsFromJson(const nlohmann::json& j) {
  TrainOptions o;
  if (j.contains("sources")) {
    o.sources.clear();
    for (const auto& s : j.at("sources"))
      o.sources.push_back({s.value("spec", std::string("library")), s.value("weight", 1.0),
                           s.value("real_video", false)});
  }
  o.workers = j.value("workers", o.workers);
  o.prefetch = j.value("prefetch", o.prefetch);
  o.flip = j.value("flip", o.flip);
  o.model = j.value("model", o.model);
  o.steps = j.value("steps", o.steps);
  o.batch = j.value("batch", o.batch);
  o.base_lr = j.value("base_lr", o.base_lr);
  o.weight_decay = j.value("weight_decay", o.weight_decay);
  o.warmup_steps = j.value("warmup_steps", o.warmup_steps);
  o.clip_grad = j.value("clip_grad", o.clip_grad);
  o.mask_ratio = j.value("mask_ratio", o.mask_ratio);
  o.norm_pixel_targets = j.value("norm_pixel_targets", o.norm_pixel_targets);
  o.pmg_preset = j.value("pmg_preset", o.pmg_preset);
  if (j.contains("pmg_config")) o.pmg_config = j.at("pmg_config");
  o.seed = j.value("seed", o.seed);
  o.threads = j.value("threads", o.threads);
  o.checkpoint_every = j.value("checkpoint_every", o.checkpoint_every);
  o.snapshot_every = j.value("snapshot_every", o.snapshot_every);
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
                  bool resume) {
  configureThreads(o.threads);
  torch::manual_seed(o.seed);
  VideoMaeConfig mc = videoMaeConfig(o.model);
  mc.mask_ratio = o.mask_ratio;
  mc.norm_pixel_targets = o.norm_pixel_targets;
  validate(mc);
  PmgConfig pmg =
      o.pmg_config.is_object() ? pmgConfigFromJson(o.pmg_config) : presetConfig(o.pmg_preset);
  pmg.frames = mc.frames;
  pmg.size = mc.image_size;

  RunDir run{o.run_dir};
  run.create();
  const std::string latest = run.checkpoints() + "/latest.pt";
  if (resume && !std::filesystem::exists(latest)) {
    throw std::runtime_error("cannot resume: no checkpoint at " + latest);
  }
  writeFileAtomic(
      run.config(),
      nlohmann::json{{"train", toJson(o)}, {"model", toJson(mc)}, {"pmg", toJson(pmg)}}.dump(2));

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
  if (resume) {
    result.start_step = loadCheckpoint(model, optimizer, gen, latest);
    truncateEvents(run.events(), result.start_step);
  }
  result.steps = result.start_step;
  TfEventsWriter tb(run.tensorboard());
  LoaderOptions lo;
  lo.batch = o.batch;
  lo.workers = o.workers;
  lo.prefetch = o.prefetch;
  lo.flip = o.flip;
  ClipLoader loader(pmg, sources, o.seed, lo, result.start_step);
  const auto start = Clock::now();
  for (int step = result.start_step; step < o.steps; ++step) {
    const auto t0 = Clock::now();
    auto clips = loader.next();
    torch::Tensor video = toTensor(clips);
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
    const int done = step + 1 - result.start_step;
    nlohmann::json event = {{"step", step},
                            {"loss", loss_value},
                            {"lr", lr},
                            {"grad_norm", grad_norm},
                            {"clips_per_s", o.batch / step_s},
                            {"data_wait", data_s / step_s},
                            {"eta_s", elapsed / done * (o.steps - step - 1)}};
    appendJsonLine(run.events(), event);
    for (const char* k : {"loss", "lr", "grad_norm", "clips_per_s", "data_wait"})
      tb.scalar(k, event[k], step);
    if (on_event) on_event(event);
    if (step == result.start_step) result.first_loss = loss_value;
    result.last_loss = loss_value;
    result.steps = step + 1;
    const bool snapshot_now = (o.snapshot_every > 0 && (step + 1) % o.snapshot_every == 0) ||
                              (control && control->snapshot.exchange(false));
    if (snapshot_now)
      writeSnapshot(run.snapshots() + "/step-" + std::to_string(step + 1), video, mask, pred,
                    targets, mc);
    if (control && control->stop.load()) {
      result.stopped = true;
      break;
    }
    if (o.checkpoint_every > 0 && (step + 1) % o.checkpoint_every == 0)
      saveCheckpoint(model, optimizer, gen, step + 1, run.checkpoints());
  }
  saveCheckpoint(model, optimizer, gen, result.steps, run.checkpoints());
  result.checkpoint = latest;
  return result;
}

}  // namespace pmg::training
