#include "pmg/runs/run_guard.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pmg/runs/run_status.h"

namespace fs = std::filesystem;

namespace pmg {
inline namespace runs {

namespace {

/// True when config.json is a run's (a training config or an imported model), not a
/// dataset's or a Hugging Face export's.
bool isRunConfig(const fs::path& path) {
  std::ifstream f(path);
  if (!f) return false;
  const auto j = nlohmann::json::parse(f, nullptr, false);
  return j.is_object() && (j.contains("train") || j.contains("imported_from"));
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string hostName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

/// The holder recorded in an open lock file, as "pmg train, pid 1234 on host".
std::string describeHolder(int fd, const std::string& dir) {
  std::string text(4096, '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? size_t(n) : 0);
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object() && j.contains("pid"))
    return j.value("writer", std::string("a pmg process")) + ", pid " +
           std::to_string(j.value("pid", 0)) + " on " + j.value("host", std::string("?"));
  // Not written yet (the holder is starting): the heartbeat may say who it is.
  const RunStatus s = readRunStatus(dir, 0);
  if (s.pid > 0) return "pid " + std::to_string(s.pid);
  return "another process";
}

}  // namespace

std::string runLockPath(const std::string& dir) {
  return dir + "/.lock";
}

std::vector<std::string> runFilesIn(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  const fs::path d(dir);
  if (!fs::is_directory(d, ec)) return found;
  if (fs::exists(d / "config.json", ec) && isRunConfig(d / "config.json"))
    found.push_back("config.json");
  for (const char* sub : {"checkpoints", "snapshots"})
    if (fs::is_directory(d / sub, ec) && !fs::is_empty(d / sub, ec))
      found.push_back(std::string(sub) + "/");
  for (const char* file : {"events.jsonl", "heartbeat.json"})
    if (fs::exists(d / file, ec)) found.push_back(file);
  return found;
}

void refuseRunDir(const std::string& dir, const std::string& command, const std::string& how) {
  const auto files = runFilesIn(dir);
  if (files.empty()) return;
  throw RunDirError(command + ": " + dir + " already holds a run (" + joined(files) +
                    "); writing there would lose it: " + how);
}

std::string moveRunAside(const std::string& dir) {
  refuseWhileWritten(dir);
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  const std::string base = dir + ".replaced-" + stamp;
  std::string aside = base;
  for (int i = 1; fs::exists(aside); ++i) aside = base + "-" + std::to_string(i);
  fs::rename(dir, aside);
  return aside;
}

void requireInsideRun(const std::string& run_dir, const std::string& path) {
  std::error_code ec;
  // Every component below the run must be a real folder or file, not a link.
  const fs::path root = fs::weakly_canonical(run_dir, ec);
  fs::path walked = run_dir;
  for (const auto& part : fs::path(path).lexically_relative(run_dir)) {
    if (part == "." || part.empty()) continue;
    walked /= part;
    if (fs::is_symlink(walked, ec))
      throw RunDirError(walked.string() +
                        " is a symbolic link; a run's checkpoints must be its own files");
  }
  const fs::path real = fs::weakly_canonical(path, ec);
  const auto rel = real.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..")
    throw RunDirError(path + " resolves outside the run " + run_dir + " (" + real.string() + ")");
}

namespace {

RunDirError busyError(const std::string& dir, const std::string& holder) {
  return RunDirError(dir + " is being written by " + holder + "; stop it with: echo stop > " + dir +
                     "/control");
}

}  // namespace

void refuseWhileWritten(const std::string& dir) {
  if (const std::string holder = runLockHolder(dir); !holder.empty()) throw busyError(dir, holder);
}

std::string runLockHolder(const std::string& dir) {
  const int fd = ::open(runLockPath(dir).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return "";
  std::string holder;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) holder = describeHolder(fd, dir);
  ::close(fd);  // releases the probe's shared lock, if it got one
  return holder;
}

RunLock::RunLock(const std::string& dir, const std::string& writer) {
  fs::create_directories(dir);
  const std::string path = runLockPath(dir);
  requireRegularFile(path, "lock file");
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) throw RunDirError("cannot open " + path + ": " + std::strerror(errno));
  // A reader's probe holds a shared lock for microseconds: retry briefly before refusing.
  bool locked = false;
  for (int attempt = 0; attempt < 50 && !locked; ++attempt) {
    locked = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
    if (locked || errno != EWOULDBLOCK) break;
    const std::string holder = describeHolder(fd_, dir);
    if (holder.find("pid") != std::string::npos) break;  // a real writer: refuse at once
    ::usleep(2000);
  }
  if (!locked) {
    const std::string holder = describeHolder(fd_, dir);
    ::close(fd_);
    fd_ = -1;
    throw busyError(dir, holder);
  }
  const std::string record = nlohmann::json{{"writer", writer},
                                            {"pid", int(::getpid())},
                                            {"host", hostName()},
                                            {"since", double(std::time(nullptr))}}
                                 .dump() +
                             "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, record.data(), record.size(), 0) < 0) {
    // The lock holds without the record; the refusal message then says less.
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // the kernel drops the lock with the last descriptor
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

}  // namespace runs
}  // namespace pmg
