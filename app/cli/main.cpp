// `pmg`: the command-line face of PMG Workbench. Thin: every subcommand lives in
// its own file and calls the libraries.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "commands.h"
#include "pmg/base/allocator.h"
#include "pmg/base/stop_request.h"

namespace {

/// The message without the C++ stack trace LibTorch appends ("Exception raised from
/// ...", "frame #0: ..."): users get one clear line.
std::string withoutBacktrace(const std::string& what) {
  std::string out;
  std::istringstream lines(what);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Exception raised from", 0) == 0 || line.rfind("frame #", 0) == 0) break;
    if (line.empty()) continue;
    out += (out.empty() ? "" : " ") + line;
  }
  return out.empty() ? what : out;
}

}  // namespace

int main(int argc, char** argv) {
  pmg::configureAllocatorForClips();
  CLI::App app{
      "PMG Workbench: pseudo-motion video generation, synthetic images and VideoMAE pre-training"};
  app.require_subcommand(1);
  pmg::cli::Action action;
  pmg::cli::registerDoctor(app, action);
  pmg::cli::registerGenerate(app, action);
  pmg::cli::registerStats(app, action);
  pmg::cli::registerRender(app, action);
  pmg::cli::registerPresets(app, action);
  pmg::cli::registerBench(app, action);
  pmg::cli::registerMotionDataset(app, action);
#ifdef PMG_HAVE_TRAINING
  pmg::cli::registerTrainingCommands(app, action);
  pmg::cli::registerReconstruct(app, action);
  pmg::cli::registerFinetune(app, action);
  pmg::cli::registerImport(app, action);
  pmg::cli::registerExperiment(app, action);
#endif
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == argv[1];
    if (!known) {
      std::cerr << "pmg: error: unknown subcommand '" << argv[1] << "'\n"
                << "Run 'pmg --help' for the list of subcommands.\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "pmg: error: " << e.what() << "\n";
    std::cerr << "Run 'pmg --help' for the list of subcommands, or 'pmg SUBCOMMAND --help'.\n";
    return 2;
  }
  try {
    return action ? action() : 2;
  } catch (const pmg::Interrupted& e) {  // SIGINT/SIGTERM honoured before any work was lost
    std::cerr << "pmg: " << e.what() << "; nothing was written that a new start cannot redo\n";
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "pmg: error: " << withoutBacktrace(e.what()) << "\n";
    return 1;
  } catch (...) {
    std::cerr << "pmg: error: an unexpected failure (not a standard exception)\n";
    return 1;
  }
}
