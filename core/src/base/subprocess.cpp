#include "pmg/base/subprocess.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace pmg {
inline namespace base {

namespace {

/// Points `fd` at /dev/null (read or write).
void toNull(int fd, int flags) {
  const int null = ::open("/dev/null", flags);
  if (null >= 0) ::dup2(null, fd);
}

/// The child after fork: streams, signals, environment, then exec (never returns).
[[noreturn]] void becomeChild(const SpawnOptions& o, const int down[2], const int up[2],
                              pid_t parent, char* const* argv) {
  if (o.die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(130);  // the parent died before prctl took effect
  }
  if (o.in == ChildStream::Pipe) ::dup2(down[0], STDIN_FILENO);
  if (o.in == ChildStream::Null) toNull(STDIN_FILENO, O_RDONLY);
  if (o.out == ChildStream::Pipe) ::dup2(up[1], STDOUT_FILENO);
  if (o.out == ChildStream::Null) toNull(STDOUT_FILENO, O_WRONLY);
  if (o.out == ChildStream::AppendToFile) {
    const int log = ::open(o.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) ::dup2(log, STDOUT_FILENO), ::dup2(log, STDERR_FILENO);
  }
  for (const int* p : {down, up})
    for (int i = 0; i < 2; ++i)
      if (p[i] >= 0) ::close(p[i]);
  for (const auto& [name, value] : o.env) ::setenv(name.c_str(), value.c_str(), 1);
  if (o.default_signals) {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  ::execv(o.executable.c_str(), argv);
  std::fprintf(stderr, "cannot run %s: %s\n", o.executable.c_str(), std::strerror(errno));
  ::_exit(127);
}

}  // namespace

int exitCodeOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Subprocess Subprocess::spawn(const SpawnOptions& o) {
  int down[2] = {-1, -1}, up[2] = {-1, -1};
  if ((o.in == ChildStream::Pipe && ::pipe2(down, O_CLOEXEC) != 0) ||
      (o.out == ChildStream::Pipe && ::pipe2(up, O_CLOEXEC) != 0))
    throw std::runtime_error("cannot start " + o.executable + ": pipe() failed");
  std::vector<std::string> args = o.argv.empty() ? std::vector<std::string>{o.executable} : o.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("cannot start " + o.executable + ": " + std::strerror(errno));
  if (pid == 0) becomeChild(o, down, up, parent, argv.data());
  Subprocess child;
  child.pid_ = pid;
  if (down[0] >= 0) ::close(down[0]);
  if (up[1] >= 0) ::close(up[1]);
  child.to_child_ = down[1];
  child.from_child_ = up[0];
  return child;
}

Subprocess::Subprocess(Subprocess&& other) noexcept {
  *this = std::move(other);
}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    closePipes();
    pid_ = other.pid_;
    to_child_ = other.to_child_;
    from_child_ = other.from_child_;
    other.pid_ = -1;
    other.to_child_ = other.from_child_ = -1;
  }
  return *this;
}

Subprocess::~Subprocess() {
  closePipes();
}

void Subprocess::closePipes() {
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  to_child_ = from_child_ = -1;
}

int Subprocess::wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return exitCodeOf(status);
}

void Subprocess::stop(int signal) {
  closePipes();
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  wait();
}

}  // namespace base
}  // namespace pmg
