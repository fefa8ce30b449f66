// `pmg train` (VideoMAE pre-training on PMG clips) and `pmg bench train`.
#include <iostream>

#include "commands.h"
#include "pmg/training/trainer.h"
#include "source_factory.h"

namespace pmg::cli {

namespace {

struct TrainCli {
  training::TrainOptions options;
  std::string source = "library";
};

int runTrain(TrainCli& t) {
  if (t.options.run_dir.empty())
    t.options.run_dir = "runs/" + t.options.model + "-seed" + std::to_string(t.options.seed);
  auto source = openSource(t.source, 256);
  std::cerr << "pmg train: VideoMAE " << t.options.model << ", " << t.options.steps
            << " steps of batch " << t.options.batch << " on " << source->describe() << " -> "
            << t.options.run_dir << "\n";
  const auto r = training::train(
      t.options, *source, [](const nlohmann::json& e) { std::cout << e.dump() << std::endl; });
  std::cerr << "done: loss " << r.first_loss << " -> " << r.last_loss << " in " << r.steps
            << " steps; checkpoint " << r.checkpoint << "\n";
  return 0;
}

}  // namespace

void registerTrainingCommands(CLI::App& app, Action& action) {
  auto t = std::make_shared<TrainCli>();
  auto* cmd = app.add_subcommand(
      "train", "Pre-train VideoMAE on pseudo-motion clips (CPU; events as JSON lines on stdout)");
  auto& o = t->options;
  cmd->add_option("--model", o.model, "tiny | small | base | large")
      ->capture_default_str()
      ->check(CLI::IsMember({"tiny", "small", "base", "large"}));
  cmd->add_option("--source", t->source,
                  "Image folder, video folder (PMG-Aug), .glsl file/folder or 'library'")
      ->capture_default_str();
  cmd->add_option("--pmg", o.pmg_preset, "PMG preset or transform")->capture_default_str();
  cmd->add_option("--steps", o.steps, "Optimizer steps")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--batch", o.batch, "Clips per step")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--lr", o.base_lr, "Base lr (scaled by batch/256)")->capture_default_str();
  cmd->add_option("--warmup", o.warmup_steps, "Warm-up steps")->capture_default_str();
  cmd->add_option("--mask-ratio", o.mask_ratio, "Tube mask ratio")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 0.99));
  cmd->add_option("--clip-grad", o.clip_grad, "Gradient clipping max norm (0 = off)")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Seed")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Intra-op threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_option("--checkpoint-every", o.checkpoint_every,
                  "Steps between checkpoints (0 = end only)")
      ->capture_default_str();
  cmd->add_option("--out", o.run_dir, "Run directory");
  cmd->callback([&action, t] { action = [t] { return runTrain(*t); }; });
}

void registerTrainBench(CLI::App&, Action&) {}

}  // namespace pmg::cli
