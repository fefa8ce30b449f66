// `pmg train` and friends: VideoMAE pre-training commands (training module).
#include "commands.h"

namespace pmg::cli {

void registerTrainingCommands(CLI::App&, Action&) {}
void registerTrainBench(CLI::App&, Action&) {}

}  // namespace pmg::cli
