// `pmg make-motion-dataset`: a labelled synthetic action dataset whose classes differ
// only by motion, as video files in the class-per-folder layout with split files.
#include <iostream>

#include "commands.h"
#include "pmg/datasets/motion_dataset.h"
#include "validators.h"

namespace pmg::cli {

void registerMotionDataset(CLI::App& app, Action& action) {
  auto o = std::make_shared<MotionDatasetOptions>();
  auto* cmd = app.add_subcommand(
      "make-motion-dataset",
      "Synthetic action videos whose classes differ only by motion (for transfer tests)");
  cmd->add_option("--out", o->out, "Output folder")->required();
  cmd->add_option("--classes", o->classes, "Number of motion classes (2..13)")
      ->capture_default_str();
  cmd->add_option("--per-class", o->per_class, "Videos per class (train + test)")
      ->capture_default_str();
  cmd->add_option("--test-fraction", o->test_fraction, "Share of each class in the test split")
      ->capture_default_str()
      ->check(between(0.05, 0.95));
  cmd->add_option("--frames", o->frames, "Frames per video")->capture_default_str();
  cmd->add_option("--size", o->size, "Frame size")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->callback([&action, o] {
    action = [o] {
      const long n = writeMotionDataset(*o);
      std::cout << "wrote " << n << " videos in " << o->classes << " classes to " << o->out
                << " (train/, test/, classes.txt, trainlist.txt, testlist.txt)\n";
      return 0;
    };
  });
}

}  // namespace pmg::cli
