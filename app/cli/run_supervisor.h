// What `pmg train` does around the training loop for the run directory: claiming it
// (an existing run is refused unless resumed or --overwrite) and supervising it
// (heartbeat.json kept current, commands taken from the control file).
#pragma once
#include <atomic>
#include <string>
#include <thread>

#include "pmg/runs/run_status.h"

namespace pmg::training {
struct TrainControl;
}  // namespace pmg::training

namespace pmg::cli {

/// Refuses to train into a directory that already holds a run, unless resuming or
/// --overwrite (which moves the old run aside, said on stderr).
void claimRunDir(const std::string& run_dir, bool resume, bool overwrite);

/// Keeps heartbeat.json current and takes commands from the control file while a run
/// trains (only the writing rank: RANK unset or 0).
class RunSupervisor {
 public:
  RunSupervisor(std::string run_dir, training::TrainControl& control);
  ~RunSupervisor();
  RunSupervisor(const RunSupervisor&) = delete;
  RunSupervisor& operator=(const RunSupervisor&) = delete;
  /// Records the last step finished.
  void step(long s) { step_ = s; }
  /// Writes the final state (the thread stops first, so it cannot overwrite it).
  void finish(RunState state, const std::string& message = "");

 private:
  void loop();
  std::string run_dir_;
  training::TrainControl& control_;
  bool active_ = false;
  std::atomic<bool> done_{false};
  std::atomic<long> step_{-1};
  std::thread thread_;
};

}  // namespace pmg::cli
