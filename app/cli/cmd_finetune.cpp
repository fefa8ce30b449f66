// `pmg finetune` / `pmg probe`: downstream accuracy of a pre-trained (or random) encoder.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"
#include "pmg/training/evaluate/finetune.h"
#include "validators.h"

namespace pmg::cli {

namespace {

void addOptions(CLI::App* cmd, training::FinetuneOptions& o) {
  cmd->add_option(
         "--dataset", o.dataset,
         "Labelled videos: our split files, UCF101 or HMDB51 splits, or train/ test/ folders")
      ->required();
  cmd->add_option("--run", o.pretrained_run,
                  "Pre-trained run directory (omit: random init, the baseline)");
  cmd->add_option("--model", o.model, "Model size when training from scratch")
      ->capture_default_str();
  addModelShapeOptions(cmd, "From scratch: model",
                       [&o](const std::string& key, int v) { o.model_overrides[key] = v; });
  // Every numeric option from the one table (pmg/config/finetune_options.h).
  addFieldOptions(cmd, finetuneFields(), o);
  cmd->add_flag("--flip", o.flip,
                "Horizontal flip augmentation (not for direction-sensitive classes)");
  cmd->add_option("--seed", o.seed, "Seed")->capture_default_str();
  cmd->add_option("--out", o.out, "Results folder")->required();
}

int run(const training::FinetuneOptions& o, bool overwrite) {
  // The results folder is never a run's, and has one writer at a time.
  const char* command = o.probe ? "pmg probe" : "pmg finetune";
  if (overwrite && !runFilesIn(o.out).empty())
    std::cerr << command << ": --overwrite: the previous contents of " << o.out << " were moved to "
              << moveRunAside(o.out) << "\n";
  refuseRunDir(o.out, command, "add --overwrite to move it aside, or choose another --out");
  const RunLock lock(o.out, command);
  const auto r =
      training::finetune(o, [](const nlohmann::json& e) { std::cout << dumpJson(e) << std::endl; });
  std::printf(
      "%s on %s: top-1 %.1f%%, top-5 %.1f%% (%zu classes, chance %.1f%%); per-class table "
      "%s/per_class.csv\n",
      o.probe ? "linear probe" : "fine-tuning", o.dataset.c_str(), 100 * r.top1, 100 * r.top5,
      r.classes.size(), 100.0 / double(r.classes.size()), o.out.c_str());
  return 0;
}

}  // namespace

void registerFinetune(CLI::App& app, Action& action) {
  auto ft = std::make_shared<training::FinetuneOptions>();
  auto* f = app.add_subcommand(
      "finetune", "Fine-tune the encoder on labelled videos; top-1/top-5 and per-class accuracy");
  addOptions(f, *ft);
  auto ft_overwrite = std::make_shared<bool>(false);
  f->add_flag(
      "--overwrite", *ft_overwrite,
      "Write into --out even if it holds results: they are moved aside to OUT.replaced-DATE");
  f->callback([&action, ft, ft_overwrite] {
    action = [ft, ft_overwrite] { return run(*ft, *ft_overwrite); };
  });
  auto pr = std::make_shared<training::FinetuneOptions>();
  pr->probe = true;
  pr->base_lr = 1e-2;
  pr->drop_path = pr->mixup_alpha = pr->cutmix_alpha = 0.0;  // a frozen encoder, a plain probe
  auto* p = app.add_subcommand("probe",
                               "Linear probe: frozen encoder, mean pooling, fc_norm + linear head");
  addOptions(p, *pr);
  auto pr_overwrite = std::make_shared<bool>(false);
  p->add_flag(
      "--overwrite", *pr_overwrite,
      "Write into --out even if it holds results: they are moved aside to OUT.replaced-DATE");
  p->callback([&action, pr, pr_overwrite] {
    action = [pr, pr_overwrite] { return run(*pr, *pr_overwrite); };
  });
}

}  // namespace pmg::cli
