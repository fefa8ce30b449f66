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
  // Every numeric option from the dataset's field table (pmg/datasets/motion_dataset.h).
  addFieldOptions(cmd, motionDatasetFields(), *o);
  cmd->add_option("--backgrounds", o->backgrounds,
                  "Folder of photos: each clip's background is a random crop of one (at most 256 "
                  "are used; unreadable ones are skipped and named)");
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->callback([&action, o] {
    action = [o] {
      std::vector<SkippedPath> skipped;
      const long n = writeMotionDataset(*o, &skipped);
      if (!skipped.empty()) {
        std::cerr << "pmg make-motion-dataset: skipped " << skipped.size()
                  << " background file(s) that could not be read:\n";
        for (const auto& s : skipped) std::cerr << "  " << s.path << ": " << s.reason << "\n";
      }
      std::cout << "wrote " << n << " videos in " << o->classes << " classes to " << o->out
                << " (train/, test/, classes.txt, trainlist.txt, testlist.txt)\n";
      return 0;
    };
  });
}

}  // namespace pmg::cli
