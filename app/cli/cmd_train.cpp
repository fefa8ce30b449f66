// `pmg train` (VideoMAE pre-training on PMG clips, resumable, stoppable) and
// `pmg export-hf` (Hugging Face VideoMAE format).
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "commands.h"
#include "local_ranks.h"
#include "pmg/base/file_kind.h"
#include "pmg/base/stop_request.h"
#include "pmg/config/pmg_config.h"
#include "pmg/config/train_fields.h"
#include "pmg/config/train_presets.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"
#include "pmg/runs/run_status.h"
#include "pmg/training/formats/run_export.h"
#include "pmg/training/model/videomae_config.h"
#include "pmg/training/pretrain/trainer.h"
#include "run_supervisor.h"
#include "source_factory.h"
#include "training_sources.h"
#include "validators.h"

namespace pmg::cli {

namespace {

training::TrainControl* g_control = nullptr;

extern "C" void onStopSignal(int) {
  stopRequest().store(true);  // lock-free atomic stores: async-signal-safe
  if (g_control) g_control->stop.store(true);
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// A CLI option bound to a TrainOptions field: copied over a preset when given.
struct BoundOption {
  CLI::Option* option;
  std::function<void(training::TrainOptions&, const training::TrainOptions&)> copy;
};

struct TrainCli {
  training::TrainOptions options;
  std::vector<BoundOption> bound;
  std::string preset;
  int nproc = 0;
  int gpus = 0;
  double epochs = 0, warmup_epochs = -1;   // converted to steps through epoch_clips
  std::map<std::string, int> model_shape;  // --frames, --image-size, --patch, --tubelet
  std::vector<std::string> sources;        // SPEC[:weight]
  std::vector<std::string> real_videos;    // SPEC[:weight]
  std::string resume;
  std::string pmg_config_file;
  bool read_stdin = true;
  bool overwrite = false;
  bool allow_changes = false;
};

/// Options that only affect how a run executes, not what it computes: they may differ
/// on --resume (and --steps, which extends the run). The numeric ones are marked in the
/// option table (pmg/config/train_fields.h).
bool runtimeOnly(const std::string& option) {
  for (const auto& f : trainOptionFields())
    if (f.runtime && option == f.flag) return true;
  for (const char* name :
       {"--device", "--pmg-device", "--out", "--no-stdin", "--resume", "--allow-changes"})
    if (option == name) return true;
  return false;
}

/// On --resume: the run's own config, with runtime options and --steps from the command
/// line. Options that would change the run are refused (naming them) unless
/// --allow-changes, which applies them with a warning.
training::TrainOptions resumedOptions(const TrainCli& t, CLI::App* cmd) {
  std::ifstream f(t.resume + "/config.json");
  if (!f) throw std::runtime_error("cannot resume: " + t.resume + "/config.json not found");
  training::TrainOptions o = training::trainOptionsFromJson(nlohmann::json::parse(f).at("train"));
  std::vector<std::string> changing;
  for (const CLI::Option* opt : cmd->get_options())
    if (opt->count() > 0 && !runtimeOnly(opt->get_name()) && opt->get_name() != "--help")
      changing.push_back(opt->get_name());
  if (!changing.empty() && !t.allow_changes)
    throw std::runtime_error("--resume continues " + t.resume + " as it was configured; " +
                             joinNames(changing) +
                             " would change the run. Leave them out, or add --allow-changes to "
                             "apply them anyway (the loss curve is then no longer one run's)");
  if (!changing.empty())
    std::cerr << "pmg train: warning: --allow-changes: " << joinNames(changing)
              << " differ from the run's config from here on\n";
  for (const auto& b : t.bound)
    if (b.option->count() > 0 && (t.allow_changes || runtimeOnly(b.option->get_name())))
      b.copy(o, t.options);
  o.run_dir = t.resume;
  return o;
}

/// Options of a preset (built-in name or JSON file), then every option given on the
/// command line on top.
training::TrainOptions presetWithOverrides(const TrainCli& t) {
  training::TrainOptions o = t.options;
  if (t.preset.empty()) return o;
  const auto preset = loadTrainPreset(t.preset);
  o = training::trainOptionsFromJson(preset.at("train"));
  for (const auto& b : t.bound)
    if (b.option->count() > 0) b.copy(o, t.options);
  if (o.run_dir.empty() && t.options.run_dir.empty())
    o.run_dir = "runs/" + t.preset + "-seed" + std::to_string(o.seed);
  return o;
}

int runTrain(TrainCli& t, CLI::App* cmd) {
  if (t.nproc > 0 || t.gpus > 0) return launchLocalRanks(t.gpus > 0 ? t.gpus : t.nproc, t.gpus > 0);
  training::TrainOptions o = presetWithOverrides(t);
  if (t.epochs > 0 || t.warmup_epochs >= 0) {
    if (o.epoch_clips <= 0)
      throw ConfigError(
          "--epochs/--warmup-epochs need clips per epoch: --epoch-clips N or a preset that sets "
          "it");
    const double steps_per_epoch = double(o.epoch_clips) / o.batch;
    // Checked before narrowing: 1e9 epochs of 1e12 clips is no step count.
    const auto steps = [&](double epochs, const char* flag) {
      const double n = std::ceil(epochs * steps_per_epoch);
      if (!(n <= 2e9))
        throw ConfigError(std::string(flag) + " " + std::to_string(epochs) + " of " +
                          std::to_string(o.epoch_clips) + " clips is " + std::to_string(n) +
                          " steps; at most 2e9");
      return int(n);
    };
    if (t.epochs > 0) o.steps = steps(t.epochs, "--epochs");
    if (t.warmup_epochs >= 0) o.warmup_steps = steps(t.warmup_epochs, "--warmup-epochs");
  }
  for (const auto& [key, value] : t.model_shape) {
    if (!o.model_overrides.is_object()) o.model_overrides = nlohmann::json::object();
    o.model_overrides[key] = value;
  }
  if (!t.resume.empty()) {
    o = resumedOptions(t, cmd);
    std::cerr << "pmg train: resuming with " << training::toJson(o).dump() << "\n";
  }
  if (!t.pmg_config_file.empty()) {
    requireRegularFile(t.pmg_config_file, "PMG config");
    std::ifstream pf(t.pmg_config_file);
    if (!pf) throw std::runtime_error("cannot read PMG config " + t.pmg_config_file);
    o.pmg_config = nlohmann::json::parse(pf);
    pmgConfigFromJson(o.pmg_config);  // validate now: the error names the key and range
  }
  if (!t.sources.empty() || !t.real_videos.empty()) {
    o.sources.clear();
    for (const auto& s : t.sources) o.sources.push_back(parseSourceSpec(s, false));
    for (const auto& s : t.real_videos) o.sources.push_back(parseSourceSpec(s, true));
  }
  if (o.run_dir.empty()) o.run_dir = "runs/" + o.model + "-seed" + std::to_string(o.seed);
  // The model's shape is checked before the run directory is touched.
  (void)training::videoMaeConfig(o.model, o.model_overrides);
  claimRunDir(o.run_dir, !t.resume.empty(), t.overwrite);
  // One writer per run: the lock is held until this process ends (only the writing rank).
  std::unique_ptr<RunLock> lock;
  if (const char* rank = std::getenv("RANK"); !rank || std::string(rank) == "0")
    lock = std::make_unique<RunLock>(o.run_dir, "pmg train");
  // Signals are honoured from here on: while sources are listed (Interrupted: exit 130, the
  // run directory holds nothing yet), then while the validation set is built and between steps.
  static training::TrainControl control;
  g_control = &control;
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  enterPhase("listing sources");
  std::vector<std::unique_ptr<ImageSource>> owners;
  const auto sources = openSources(o.sources, owners);
  checkStop("listing sources");
  std::string described;
  for (const auto& s : o.sources)
    described += (described.empty() ? "" : " + ") + s.spec +
                 (s.real_video ? " (real videos)" : "") + " x" +
                 std::to_string(s.weight).substr(0, 4);
  if (t.read_stdin) {
    // Commands on stdin, one per line: "stop" (checkpoint and exit) or "snapshot".
    std::thread([] {
      for (std::string line; std::getline(std::cin, line);) {
        if (line == "stop")
          control.stop = true;
        else if (line == "snapshot")
          control.snapshot = true;
      }
    }).detach();
  }
  std::cerr << "pmg train: VideoMAE " << o.model << ", " << o.steps << " steps of batch " << o.batch
            << " on " << described << " -> " << o.run_dir << (t.resume.empty() ? "" : " (resuming)")
            << "\n";
  RunSupervisor supervisor(o.run_dir, control);
  training::TrainResult r;
  try {
    r = training::train(
        o, sources,
        [&supervisor](const nlohmann::json& e) {
          supervisor.step(e.value("step", -1L) + 1);
          std::cout << dumpJson(e) << std::endl;
        },
        &control, !t.resume.empty());
  } catch (const std::exception& e) {
    supervisor.finish(RunState::Failed, e.what());
    throw;
  }
  supervisor.step(r.steps);
  supervisor.finish(r.stopped ? RunState::Stopped : RunState::Finished);
  std::cerr << (r.stopped ? "stopped" : "done") << " at step " << r.steps << ": loss "
            << r.first_loss << " -> " << r.last_loss << "; checkpoint " << r.checkpoint << "\n";
  return 0;
}

/// `pmg train`: every option of TrainOptions, presets, sources, resume and multi-process ranks.
void registerTrain(CLI::App& app, Action& action) {
  auto t = std::make_shared<TrainCli>();
  auto* cmd = app.add_subcommand(
      "train", "Pre-train VideoMAE on pseudo-motion clips (events as JSON lines on stdout)");
  auto& o = t->options;
  // Binds an option to a field so that it overrides the preset when given.
  auto bind = [&](auto field, CLI::Option* opt) {
    t->bound.push_back({opt, [field](training::TrainOptions& d, const training::TrainOptions& s) {
                          d.*field = s.*field;
                        }});
    return opt;
  };
  cmd->add_option("--preset", t->preset,
                  "Training preset: " + joinNames(trainPresetNames()) +
                      " or a JSON file; options given here override it");
  bind(&training::TrainOptions::model,
       cmd->add_option("--model", o.model, "tiny | small | base | large"))
      ->capture_default_str()
      ->check(CLI::IsMember(modelSizeNames()));
  cmd->add_option(
      "--source", t->sources,
      "Repeatable SPEC[:weight]: image folder, video folder (PMG-Aug), .glsl file/folder, "
      "'library' (default), generated@N, fractaldb@N or visualatom@N");
  cmd->add_option(
      "--real-videos", t->real_videos,
      "Repeatable SPEC[:weight]: video file/folder used as real clips (plain VideoMAE baseline)");
  bind(&training::TrainOptions::flip,
       cmd->add_flag("!--no-flip", o.flip, "Disable the horizontal flip augmentation"));
  bind(&training::TrainOptions::pmg_preset,
       cmd->add_option("--pmg", o.pmg_preset, "PMG preset or transform")->capture_default_str());
  cmd->add_option("--pmg-config", t->pmg_config_file,
                  "PMG config JSON (as saved by the GUI or pmg presets --show)");
  // Every numeric option from the one table (pmg/config/train_fields.h).
  for (const auto& f : trainOptionFields())
    if (*f.flag) addFieldOption(cmd, f, o, bind);
  bind(&training::TrainOptions::seed,
       cmd->add_option("--seed", o.seed, "Seed")->capture_default_str());
  bind(&training::TrainOptions::run_dir, cmd->add_option("--out", o.run_dir, "Run directory"));
  cmd->add_option(
      "--resume", t->resume,
      "Continue the run in this directory from its latest checkpoint, with its own "
      "config; --steps extends it, runtime options (--workers, --threads, --device, --pmg-device, "
      "checkpoint/snapshot/validation intervals) may change, others are refused");
  cmd->add_flag("--allow-changes", t->allow_changes,
                "With --resume: apply options that change the run (lr, batch, ...) with a "
                "warning instead of refusing them");
  cmd->add_flag("!--no-stdin", t->read_stdin,
                "Do not read stop/snapshot commands from stdin (the control file in the run "
                "directory always works: echo stop > RUN/control)");
  cmd->add_flag("--overwrite", t->overwrite,
                "Train into --out even if it holds a run: the old run is moved aside to "
                "OUT.replaced-DATE");
  bind(&training::TrainOptions::device,
       cmd->add_option("--device", o.device, "cpu | cuda | cuda:N | auto")->capture_default_str());
  bind(&training::TrainOptions::mask,
       cmd->add_option("--mask", o.mask,
                       "Token masking: tube (VideoMAE); motion (the masked tokens follow each "
                       "clip's exact motion, MGMAE without a flow network; real videos fall back "
                       "to tube, said in the events); running-cell (tube for the encoder, and the "
                       "decoder reconstructs half of the masked tokens, VideoMAE V2)")
           ->check(CLI::IsMember(maskKindNames()))
           ->capture_default_str());
  bind(
      &training::TrainOptions::pmg_device,
      cmd->add_option("--pmg-device", o.pmg_device,
                      "Where PMG clips are rendered: cpu (loader threads), device (LibTorch on the "
                      "training device, from shipped source images), cuda (device, which must be "
                      "a GPU), auto (device on a GPU, else cpu)")
          ->check(CLI::IsMember(pmgDeviceNames()))
          ->capture_default_str());
  bind(&training::TrainOptions::bf16,
       cmd->add_flag("!--no-bf16", o.bf16, "Disable bf16 autocast on CUDA"));
  addModelShapeOptions(cmd, "Model",
                       [t](const std::string& key, int v) { t->model_shape[key] = v; });
  cmd->add_option("--epochs", t->epochs,
                  "Epochs of --epoch-clips clips (sets --steps from the global batch)")
      ->check(positive());
  cmd->add_option("--warmup-epochs", t->warmup_epochs, "Warm-up epochs (sets --warmup)")
      ->check(nonNegative());
  cmd->add_option("--nproc", t->nproc,
                  "Start N local ranks on CPU (Gloo data parallel; --batch is the global batch)")
      ->check(positive());
  cmd->add_option("--gpus", t->gpus, "Start one rank per GPU on N local GPUs (NCCL when available)")
      ->check(positive());
  // Options that say opposite things are errors, not silently ranked.
  cmd->get_option("--nproc")->excludes(cmd->get_option("--gpus"));
  cmd->get_option("--resume")->excludes(cmd->get_option("--overwrite"));
  cmd->get_option("--pmg-config")->excludes(cmd->get_option("--pmg"));
  cmd->callback([&action, t, cmd] { action = [t, cmd] { return runTrain(*t, cmd); }; });
}

/// `pmg export-hf`: a pre-trained run as a Hugging Face VideoMAE folder.
void registerExportHf(CLI::App& app, Action& action) {
  auto run_dir = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto checkpoint = std::make_shared<std::string>();
  auto labels = std::make_shared<int>(0);
  auto* exp = app.add_subcommand("export-hf",
                                 "Export a pre-trained run to the Hugging Face VideoMAE format");
  exp->add_option("--run", *run_dir, "Run directory")->required();
  exp->add_option("--checkpoint", *checkpoint, "Checkpoint file (default: the run's latest)");
  exp->add_option("--out", *out,
                  "Output folder (model.safetensors, config.json, preprocessor_config.json)")
      ->required();
  exp->add_option("--classifier", *labels,
                  "Export the encoder alone as VideoMAEForVideoClassification with a new head of "
                  "this many labels (fine-tuned models: see pmg finetune's hf/ folder)")
      ->check(positive());
  exp->callback([&action, run_dir, out, checkpoint, labels] {
    action = [=] {
      // The export never lands in a run (its config.json would replace the training config).
      refuseRunDir(*out, "export-hf", "choose another --out for the Hugging Face folder");
      training::exportRunToHuggingFace(*run_dir, *checkpoint, *out, *labels);
      std::cout << "exported " << *run_dir << " to " << *out << " (load with transformers."
                << (*labels > 0 ? "VideoMAEForVideoClassification" : "VideoMAEForPreTraining")
                << ".from_pretrained)\n";
      return 0;
    };
  });
}

}  // namespace

void registerTrainingCommands(CLI::App& app, Action& action) {
  registerTrain(app, action);
  registerExportHf(app, action);
}

void registerImport(CLI::App& app, Action& action) {
  auto hf = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "import-hf", "Import a Hugging Face VideoMAEForPreTraining folder as a run directory");
  cmd->add_option("--hf", *hf, "Folder with config.json and model.safetensors")->required();
  cmd->add_option("--out", *out, "Run directory to create")->required();
  auto allow_extra = std::make_shared<bool>(false);
  cmd->add_flag("--allow-extra", *allow_extra,
                "Import even when model.safetensors has tensors the model does not use (each "
                "is named in a warning)");
  cmd->callback([&action, hf, out, allow_extra] {
    action = [=] {
      training::importHuggingFaceToRun(*hf, *out, *allow_extra);
      std::cout << "imported " << *hf << " into " << *out
                << " (use with pmg reconstruct/finetune --run)\n";
      return 0;
    };
  });
}

void addModelShapeOptions(CLI::App* cmd, const std::string& help_prefix,
                          std::function<void(const std::string&, int)> set) {
  // The shape fields with a flag in the model table (pmg/config/videomae_config.h), its bounds.
  for (const ModelField& f : modelFields()) {
    if (!*f.flag) continue;
    cmd->add_option_function<int>(
           f.flag, [set, key = std::string(f.key)](int v) { set(key, v); },
           help_prefix + " " + f.key + " (overrides the model size's value; validated)")
        ->check(between(f.lo, f.hi));
  }
}

}  // namespace pmg::cli
