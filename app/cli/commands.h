// Registration of the `pmg` subcommands. Each register* adds one subcommand to
// the CLI11 app and sets `action` to the function run when it is chosen.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace pmg::cli {

/// The function a parsed subcommand runs; returns the process exit code.
using Action = std::function<int()>;

void registerDoctor(CLI::App& app, Action& action);
void registerGenerate(CLI::App& app, Action& action);
/// Adds `pmg stats`.
void registerStats(CLI::App& app, Action& action);
void registerRender(CLI::App& app, Action& action);
void registerPresets(CLI::App& app, Action& action);
void registerBench(CLI::App& app, Action& action);
void registerMotionDataset(CLI::App& app, Action& action);
/// Adds --frames/--image-size/--patch/--tubelet; `set(key, value)` gets the model setting's
/// name (e.g. "image_size") and value.
void addModelShapeOptions(CLI::App* cmd, const std::string& help_prefix,
                          std::function<void(const std::string&, int)> set);
#ifdef PMG_HAVE_TRAINING
void registerTrainingCommands(CLI::App& app, Action& action);
/// Adds `pmg bench train` under the bench subcommand.
void registerTrainBench(CLI::App& bench, Action& action);
/// Adds `pmg bench data` under the bench subcommand.
void registerDataBench(CLI::App& bench, Action& action);
/// Adds `pmg reconstruct`.
void registerReconstruct(CLI::App& app, Action& action);
/// Adds `pmg finetune` and `pmg probe`.
void registerFinetune(CLI::App& app, Action& action);
/// Adds `pmg import-hf`.
void registerImport(CLI::App& app, Action& action);
/// Adds `pmg experiment run|plan|status|report|job`.
void registerExperiment(CLI::App& app, Action& action);
#endif

}  // namespace pmg::cli
