// Starting a child program: the one fork/exec of the project (shader worker, local data-
// parallel ranks, experiment jobs). The child's standard streams, environment, signals and
// whether it dies with its parent are options; waiting maps the status to one exit code.
#pragma once
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace pmg {
inline namespace base {

/// Where a standard stream of the child goes.
enum class ChildStream {
  Inherit,       ///< the parent's
  Null,          ///< /dev/null
  Pipe,          ///< a pipe to the parent (Subprocess::input()/output())
  AppendToFile,  ///< stdout and stderr appended to SpawnOptions::log_file
};

/// What to start and how.
struct SpawnOptions {
  std::string executable;                                ///< path run by execv
  std::vector<std::string> argv;                         ///< argv[0] first
  std::vector<std::pair<std::string, std::string>> env;  ///< set in the child only
  ChildStream in = ChildStream::Inherit;                 ///< Inherit, Null or Pipe
  ChildStream out = ChildStream::Inherit;                ///< Inherit, Null, Pipe or AppendToFile
  std::string log_file;                                  ///< for AppendToFile (stdout and stderr)
  bool die_with_parent = false;  ///< SIGTERM when the parent dies, however it ended
  bool default_signals = false;  ///< SIGINT/SIGTERM back to their default actions
};

/// A started child. Not copyable; destruction neither kills nor waits (see stop()).
class Subprocess {
 public:
  Subprocess() = default;
  /// Forks and execs; throws std::runtime_error naming the program when it cannot start. A
  /// failing exec prints "cannot run EXE: reason" on the child's stderr and exits 127.
  static Subprocess spawn(const SpawnOptions& options);
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  int input() const { return to_child_; }     ///< write end of the child's stdin pipe, or -1
  int output() const { return from_child_; }  ///< read end of the child's stdout pipe, or -1

  /// Waits for the child (retrying on EINTR); its exit code, or 128 + signal.
  int wait();
  /// Closes the pipes, kills the child with `signal` and waits for it.
  void stop(int signal);

 private:
  void closePipes();
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
};

/// The exit code of a waitpid status: WEXITSTATUS, or 128 + the signal that ended it.
int exitCodeOf(int status);

}  // namespace base
}  // namespace pmg
