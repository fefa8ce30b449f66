#include "pmg/runs/run_status.h"
#include "pmg/base/durable_file.h"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "pmg/media/clip_writer.h"

namespace pmg {
inline namespace runs {

namespace {

const char* kStateNames[] = {"unknown", "running", "stopped", "finished", "failed", "crashed"};

RunState stateFromName(const std::string& name) {
  for (int i = 0; i < 6; ++i)
    if (name == kStateNames[i]) return RunState(i);
  return RunState::Unknown;
}

std::string exitDescription(int code) {
  if (code > 128) return "signal " + std::to_string(code - 128);
  return "exit code " + std::to_string(code);
}

}  // namespace

std::string runStateName(RunState state) {
  return kStateNames[int(state)];
}

std::string heartbeatPath(const std::string& run_dir) {
  return run_dir + "/heartbeat.json";
}
std::string controlPath(const std::string& run_dir) {
  return run_dir + "/control";
}
std::string exitStatusPath(const std::string& run_dir) {
  return run_dir + "/exit_status";
}
std::string stderrLogPath(const std::string& run_dir) {
  return run_dir + "/stderr.log";
}

std::string RunStatus::describe() const {
  std::string at = step >= 0 ? " at step " + std::to_string(step) : "";
  switch (state) {
    case RunState::Running:
      return "running" + at;
    case RunState::Stopped:
      return "stopped by request" + at;
    case RunState::Finished:
      return "finished" + at;
    case RunState::Failed:
      return "failed" + at + (message.empty() ? "" : ": " + message);
    case RunState::Crashed:
      return "crashed" +
             std::string(exit_code >= 0 ? " (" + exitDescription(exit_code) + ")" : "") + at;
    default:
      return "no heartbeat";
  }
}

bool processAlive(int pid) {
  if (pid <= 0) return false;
  if (::kill(pid_t(pid), 0) != 0 && errno != EPERM) return false;
  // A zombie (exited, not yet reaped: detached runs are nobody's child) is not alive.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no procfs: trust kill()
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ||
         (line[close + 2] != 'Z' && line[close + 2] != 'X');
}

void writeHeartbeat(const std::string& run_dir, RunState state, long step,
                    const std::string& message) {
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  nlohmann::json j = {
      {"pid", int(::getpid())}, {"state", runStateName(state)}, {"step", step}, {"time", now}};
  if (!message.empty()) j["message"] = message;
  writeFileDurable(heartbeatPath(run_dir), j.dump() + "\n");
}

RunStatus readRunStatus(const std::string& run_dir, int log_lines) {
  RunStatus s;
  {
    std::ifstream f(heartbeatPath(run_dir));
    const auto j = f ? nlohmann::json::parse(f, nullptr, false) : nlohmann::json();
    if (j.is_object()) {
      s.pid = j.value("pid", 0);
      s.state = stateFromName(j.value("state", std::string()));
      s.step = j.value("step", -1L);
      s.heartbeat_unix_s = j.value("time", 0.0);
      s.message = j.value("message", std::string());
    }
  }
  {
    std::ifstream f(exitStatusPath(run_dir));
    int code = -1;
    if (f >> code) s.exit_code = code;
  }
  if (s.state == RunState::Running && !processAlive(s.pid)) s.state = RunState::Crashed;
  if (s.state == RunState::Unknown && s.exit_code > 0) s.state = RunState::Crashed;
  if (s.state == RunState::Failed || s.state == RunState::Crashed) {
    std::ifstream f(stderrLogPath(run_dir));
    std::deque<std::string> tail;
    for (std::string line; std::getline(f, line);) {
      if (line.empty()) continue;
      tail.push_back(line);
      if (int(tail.size()) > log_lines) tail.pop_front();
    }
    s.log_tail.assign(tail.begin(), tail.end());
  }
  return s;
}

void sendRunCommand(const std::string& run_dir, const std::string& command) {
  writeFileDurable(controlPath(run_dir), command + "\n");
}

std::string takeRunCommand(const std::string& run_dir) {
  const std::string path = controlPath(run_dir);
  std::ifstream f(path);
  if (!f) return "";
  std::string command;
  f >> command;
  f.close();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return command;
}

}  // namespace runs
}  // namespace pmg
