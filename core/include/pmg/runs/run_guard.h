// Who may write into a directory (design.md §4: the run directory is the contract).
// - The guard: a command that writes refuses a directory that is, or looks like, a run,
//   naming what would be lost; --overwrite moves the old contents aside instead.
// - The lock: the one writer of a run holds an exclusive flock on RUN/.lock for its life;
//   the kernel releases it on any death, so a second writer is refused at once, naming
//   the holder. Readers (GUI, status, reconstruct) never take it.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "pmg/base/file_kind.h"

namespace pmg {
inline namespace runs {

/// A directory refused to a writer; the message names the directory and what would be lost.
class RunDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The files of `dir` that make it a run: "checkpoints/", "events.jsonl", "heartbeat.json",
/// "snapshots/", "config.json" (a training or imported config). Empty when it holds none.
std::vector<std::string> runFilesIn(const std::string& dir);

/// Refuses `command` writing into `dir` when `dir` holds run files: one line naming them
/// and `how` to go on. Nothing happens when `dir` is absent or holds no run.
void refuseRunDir(const std::string& dir, const std::string& command,
                  const std::string& how = "choose another --out");

/// Moves `dir` aside to DIR.replaced-DATE (refused while a writer holds its lock); returns
/// the new path.
std::string moveRunAside(const std::string& dir);

/// Refuses a checkpoint (or any file) of a run that is a symbolic link or resolves outside
/// `run_dir`, naming it.
void requireInsideRun(const std::string& run_dir, const std::string& path);

/// Throws RunDirError when a live writer holds `dir`'s lock: "DIR is being written by pmg
/// train, pid 1234 on host; stop it with: echo stop > DIR/control".
void refuseWhileWritten(const std::string& dir);

/// "pmg train, pid 1234 on host" for the live writer of `dir`, "" when nobody holds its lock.
std::string runLockHolder(const std::string& dir);

/// The exclusive writer lock of a run directory, held from construction to destruction.
class RunLock {
 public:
  /// Creates `dir` if needed and locks DIR/.lock for `writer` (e.g. "pmg train"); throws
  /// RunDirError naming the holder's pid and host when another process writes `dir`.
  RunLock(const std::string& dir, const std::string& writer);
  ~RunLock();
  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

/// Path of the lock file of `dir`.
std::string runLockPath(const std::string& dir);

}  // namespace runs
}  // namespace pmg
