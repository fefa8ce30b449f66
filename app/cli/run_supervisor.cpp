#include "run_supervisor.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "pmg/runs/run_guard.h"
#include "pmg/training/pretrain/trainer.h"

namespace pmg::cli {

void claimRunDir(const std::string& run_dir, bool resume, bool overwrite) {
  if (resume) {
    if (runFilesIn(run_dir).empty())
      throw RunDirError("cannot resume: " + run_dir + " holds no run");
    return;
  }
  const auto files = runFilesIn(run_dir);
  if (files.empty()) return;
  // A start that failed before its first step left only its config and heartbeat: nothing
  // to lose (a live writer is still refused by the lock).
  const bool started = std::any_of(files.begin(), files.end(), [](const std::string& f) {
    return f != "config.json" && f != "heartbeat.json";
  });
  if (!started) {
    std::cerr << "pmg train: " << run_dir << " holds a start that ended before its first step; "
              << "training there\n";
    return;
  }
  if (!overwrite)
    refuseRunDir(run_dir, "pmg train",
                 "add --resume " + run_dir +
                     " to continue it, --overwrite to move it aside, or choose another --out");
  const std::string aside = moveRunAside(run_dir);
  std::cerr << "pmg train: --overwrite: the previous run in " << run_dir << " was moved to "
            << aside << "\n";
}

RunSupervisor::RunSupervisor(std::string run_dir, training::TrainControl& control)
    : run_dir_(std::move(run_dir)), control_(control) {
  const char* rank = std::getenv("RANK");
  active_ = !rank || std::string(rank) == "0";
  if (!active_) return;
  std::filesystem::create_directories(run_dir_);
  takeRunCommand(run_dir_);  // a stale command from an earlier process does not apply
  writeHeartbeat(run_dir_, RunState::Running, -1);
  thread_ = std::thread([this] { loop(); });
}

RunSupervisor::~RunSupervisor() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
}

void RunSupervisor::finish(RunState state, const std::string& message) {
  done_ = true;
  if (thread_.joinable()) thread_.join();
  try {
    if (active_) writeHeartbeat(run_dir_, state, step_, message);
  } catch (const std::exception&) {
    // The disk may be full: the command's own error says why the run ended.
  }
}

void RunSupervisor::loop() {
  for (int tick = 0; !done_; ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    try {
      const std::string command = takeRunCommand(run_dir_);
      if (command == "stop") control_.stop = true;
      if (command == "snapshot") control_.snapshot = true;
      if (tick % 4 == 0 && !done_) writeHeartbeat(run_dir_, RunState::Running, step_);
    } catch (const std::exception&) {
      // A full disk stops the run through its events; the heartbeat just retries.
    }
  }
}

}  // namespace pmg::cli
