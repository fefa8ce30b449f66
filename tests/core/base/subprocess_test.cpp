// The one fork/exec of the project: streams, environment, exit codes and exec failures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pmg/base/subprocess.h"

namespace pmg {
namespace {

SpawnOptions shell(const std::string& script) {
  SpawnOptions o;
  o.executable = "/bin/sh";
  o.argv = {"sh", "-c", script};
  return o;
}

std::string readAll(int fd) {
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  return out;
}

TEST(Subprocess, ExitCodesAndSignalsMapToOneCode) {
  EXPECT_EQ(Subprocess::spawn(shell("exit 3")).wait(), 3);
  auto sleeper = Subprocess::spawn(shell("sleep 30"));
  sleeper.stop(SIGKILL);
  EXPECT_FALSE(sleeper.running());
  EXPECT_EQ(Subprocess::spawn(shell("kill -TERM $$")).wait(), 128 + SIGTERM);
}

TEST(Subprocess, PipesCarryStdinAndStdoutAndTheEnvironmentIsTheChildsOnly) {
  auto o = shell("read line; echo \"$line:$PMG_SUBPROCESS_TEST\"");
  o.in = ChildStream::Pipe;
  o.out = ChildStream::Pipe;
  o.env = {{"PMG_SUBPROCESS_TEST", "child"}};
  auto child = Subprocess::spawn(o);
  ASSERT_EQ(::write(child.input(), "hello\n", 6), 6);
  EXPECT_EQ(readAll(child.output()), "hello:child\n");
  EXPECT_EQ(child.wait(), 0);
  EXPECT_EQ(std::getenv("PMG_SUBPROCESS_TEST"), nullptr);
}

TEST(Subprocess, AppendToFileTakesStdoutAndStderrAndAFailedExecIsNamed) {
  const auto log = (std::filesystem::temp_directory_path() / "pmg_subprocess_test.log").string();
  std::filesystem::remove(log);
  auto o = shell("echo out; echo err >&2");
  o.out = ChildStream::AppendToFile;
  o.log_file = log;
  EXPECT_EQ(Subprocess::spawn(o).wait(), 0);
  SpawnOptions missing;
  missing.executable = "/nonexistent/pmg-program";
  missing.out = ChildStream::AppendToFile;
  missing.log_file = log;
  EXPECT_EQ(Subprocess::spawn(missing).wait(), 127);
  std::ifstream f(log);
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_EQ(text.str(),
            "out\nerr\ncannot run /nonexistent/pmg-program: No such file or directory\n");
  std::filesystem::remove(log);
}

TEST(Subprocess, NullStdinReadsNothing) {
  auto o = shell("cat; echo done");
  o.in = ChildStream::Null;
  o.out = ChildStream::Pipe;
  auto child = Subprocess::spawn(o);
  EXPECT_EQ(readAll(child.output()), "done\n");
  EXPECT_EQ(child.wait(), 0);
}

}  // namespace
}  // namespace pmg
