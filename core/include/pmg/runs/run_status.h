// The live status of a run directory, readable by anyone without owning the process:
// `pmg train` writes heartbeat.json (pid, state, step, wall time) and takes commands
// ("stop", "snapshot") from a control file; the launcher may record the exit status.
// The GUI uses this to show runs it did not start, or started before a restart.
#pragma once
#include <string>
#include <vector>

namespace pmg {
inline namespace runs {

/// What a run is doing, as seen from outside.
enum class RunState { Unknown, Running, Stopped, Finished, Failed, Crashed };

/// "running", "stopped", ... ("unknown" for Unknown).
std::string runStateName(RunState state);

/// A run's state with the evidence behind it.
struct RunStatus {
  RunState state = RunState::Unknown;
  int pid = 0;
  long step = -1;                     ///< last step reported by the heartbeat
  double heartbeat_unix_s = 0.0;      ///< wall time of the last heartbeat
  int exit_code = -1;                 ///< from exit_status, when the launcher wrote one
  std::string message;                ///< why it failed / crashed, or ""
  std::vector<std::string> log_tail;  ///< last lines of stderr.log (for failures)
  /// One line for a status bar, e.g. "finished at step 300" or "crashed (signal 9) at step 12".
  std::string describe() const;
};

/// Files of the protocol inside a run directory.
std::string heartbeatPath(const std::string& run_dir);
std::string controlPath(const std::string& run_dir);
std::string exitStatusPath(const std::string& run_dir);
std::string stderrLogPath(const std::string& run_dir);

/// Writes heartbeat.json atomically: this process's pid, `state`, `step`, the time, `message`.
void writeHeartbeat(const std::string& run_dir, RunState state, long step,
                    const std::string& message = "");

/// Reads heartbeat.json, exit_status and the tail of stderr.log. A "running" heartbeat
/// whose process is gone is reported as Crashed (with the exit status if recorded).
RunStatus readRunStatus(const std::string& run_dir, int log_lines = 8);

/// Asks the run to do `command` ("stop" or "snapshot") by writing run_dir/control.
void sendRunCommand(const std::string& run_dir, const std::string& command);

/// Takes the pending command from run_dir/control ("" if none) and removes the file.
std::string takeRunCommand(const std::string& run_dir);

/// True while process `pid` exists (on this machine).
bool processAlive(int pid);

}  // namespace runs
}  // namespace pmg
