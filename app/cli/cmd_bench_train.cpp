// `pmg bench train`: one VideoMAE training step timed and split into data, forward,
// backward and optimizer, with peak memory, achieved TFLOP/s and MFU.
#include <cstdio>

#include "commands.h"
#include "pmg/config/train_presets.h"
#include "pmg/training/bench/train_bench.h"
#include "pmg/training/model/videomae_config.h"
#include "source_factory.h"

namespace pmg::cli {

void registerTrainBench(CLI::App& bench, Action& action) {
  struct Opts {
    std::string model = "tiny", source, preset, device = "auto";
    int batch = 8, steps = 10, warmup = 2, threads = 0;
    double peak_tflops = 0;
    bool bf16 = true;
    CLI::Option *model_opt = nullptr, *batch_opt = nullptr;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = bench.add_subcommand(
      "train",
      "VideoMAE training step: clips/s, data/forward/backward/optimizer split, peak memory, "
      "achieved TFLOP/s and MFU (compare: scripts/bench_train_pytorch.py)");
  cmd->add_option("--preset", o->preset,
                  "Model size, shape and batch of a training preset (e.g. paper-vit-b); "
                  "--model/--batch override");
  o->model_opt =
      cmd->add_option("--model", o->model, "tiny | small | base | large")->capture_default_str();
  o->batch_opt = cmd->add_option("--batch", o->batch, "Clips per step")->capture_default_str();
  cmd->add_option("--steps", o->steps, "Measured steps (median reported)")->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "Unmeasured warm-up steps")->capture_default_str();
  cmd->add_option("--threads", o->threads, "Intra-op threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_option("--device", o->device, "cpu | cuda | cuda:N | auto")->capture_default_str();
  cmd->add_flag("!--no-bf16", o->bf16, "Disable bf16 autocast on CUDA");
  cmd->add_option("--peak-tflops", o->peak_tflops,
                  "The device's dense peak TFLOP/s for MFU (default: from the GPU's name)");
  cmd->add_option("--source", o->source,
                  "Feed PMG clips from this source (default: random tensors, compute only)");
  cmd->callback([&action, o] {
    action = [o] {
      training::TrainBenchOptions b;
      std::string model = o->model;
      b.batch = o->batch;
      nlohmann::json overrides;
      if (!o->preset.empty()) {
        const auto t = loadTrainPreset(o->preset).at("train");
        if (o->model_opt->count() == 0) model = t.value("model", model);
        if (o->batch_opt->count() == 0) b.batch = t.value("batch", b.batch);
        overrides = t.value("model_overrides", nlohmann::json::object());
      }
      b.model = training::videoMaeConfig(model, overrides);
      b.steps = o->steps;
      b.warmup = o->warmup;
      b.threads = o->threads;
      b.device = o->device;
      b.bf16 = o->bf16;
      b.peak_tflops = o->peak_tflops;
      std::unique_ptr<ImageSource> source;
      if (!o->source.empty()) source = openSource(o->source, 256);
      const auto r = training::benchTrain(b, source.get());
      const double step_ms = r.step_s * 1e3;
      std::printf("VideoMAE %s (%dx%dx%d), batch %d on %s, %d CPU thread(s), median of %d steps\n",
                  model.c_str(), b.model.frames, b.model.image_size, b.model.image_size, b.batch,
                  r.device.c_str(), r.threads, b.steps);
      std::printf("  step %.1f ms = data %.1f + forward %.1f + backward %.1f + optimizer %.1f ms\n",
                  step_ms, r.data_s * 1e3, r.forward_s * 1e3, r.backward_s * 1e3,
                  r.optimizer_s * 1e3);
      char mfu[48] = "";
      if (r.mfu > 0) std::snprintf(mfu, sizeof(mfu), ", MFU %.1f%%", 100.0 * r.mfu);
      std::printf(
          "  %.2f clips/s, %.3f TFLOP/s achieved%s, data wait %.1f%%, peak memory %.0f MiB\n",
          r.clips_per_s, r.achieved_tflops, mfu, 100.0 * r.data_s / r.step_s, r.peak_memory_mb);
      return 0;
    };
  });
}

}  // namespace pmg::cli
