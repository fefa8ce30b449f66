// The run protocol seen from outside: heartbeat, control file, exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pmg/runs/run_status.h"

using namespace pmg;

namespace {
std::string freshDir(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}
}  // namespace

TEST(RunStatus, HeartbeatOfThisProcessReadsAsRunningThenFinished) {
  const std::string run = freshDir("pmg-status-live");
  EXPECT_EQ(readRunStatus(run).state, RunState::Unknown);
  writeHeartbeat(run, RunState::Running, 12);
  auto s = readRunStatus(run);
  EXPECT_EQ(s.state, RunState::Running);
  EXPECT_EQ(s.pid, int(::getpid()));
  EXPECT_EQ(s.describe(), "running at step 12");
  writeHeartbeat(run, RunState::Finished, 300);
  EXPECT_EQ(readRunStatus(run).describe(), "finished at step 300");
  writeHeartbeat(run, RunState::Stopped, 40);
  EXPECT_EQ(readRunStatus(run).describe(), "stopped by request at step 40");
}

TEST(RunStatus, ARunningHeartbeatOfADeadProcessIsACrashWithItsSignalAndLogTail) {
  const std::string run = freshDir("pmg-status-dead");
  const pid_t child = ::fork();
  if (child == 0) {
    writeHeartbeat(run, RunState::Running, 7);
    ::_exit(0);
  }
  ::waitpid(child, nullptr, 0);
  std::ofstream(run + "/exit_status") << "137\n";
  std::ofstream(run + "/stderr.log") << "line 1\nline 2\nKilled\n";
  const auto s = readRunStatus(run, 2);
  EXPECT_EQ(s.state, RunState::Crashed);
  EXPECT_EQ(s.describe(), "crashed (signal 9) at step 7");
  EXPECT_EQ(s.log_tail, (std::vector<std::string>{"line 2", "Killed"}));
  EXPECT_FALSE(processAlive(int(child)));
}

TEST(RunStatus, ControlCommandsAreTakenOnce) {
  const std::string run = freshDir("pmg-status-control");
  EXPECT_EQ(takeRunCommand(run), "");
  sendRunCommand(run, "stop");
  EXPECT_EQ(takeRunCommand(run), "stop");
  EXPECT_EQ(takeRunCommand(run), "");
}
