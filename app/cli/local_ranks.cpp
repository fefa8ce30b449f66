#include "local_ranks.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace pmg::cli {

namespace {

std::vector<pid_t> g_children;

extern "C" void forwardSignal(int sig) {
  for (pid_t p : g_children) kill(p, sig);
}

/// This process's arguments (argv[1..]) from /proc.
std::vector<std::string> ownArguments() {
  std::ifstream f("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t start = 0; start < all.size();) {
    const size_t end = all.find('\0', start);
    args.push_back(all.substr(start, end - start));
    start = end == std::string::npos ? all.size() : end + 1;
  }
  if (!args.empty()) args.erase(args.begin());
  return args;
}

/// A TCP port that is free right now on the loopback interface.
int freePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot find a free port for the rendezvous");
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

int launchLocalRanks(int ranks, bool on_gpus) {
  std::vector<std::string> args;
  bool has_device = false;
  const auto own = ownArguments();
  for (size_t i = 0; i < own.size(); ++i) {
    const std::string& a = own[i];
    if (a == "--nproc" || a == "--gpus") {
      ++i;  // and its value
      continue;
    }
    if (a.rfind("--nproc=", 0) == 0 || a.rfind("--gpus=", 0) == 0) continue;
    if (a == "--device" || a.rfind("--device=", 0) == 0) has_device = true;
    args.push_back(a);
  }
  if (on_gpus && !has_device) args.insert(args.end(), {"--device", "cuda"});
  const std::string port = std::to_string(freePort());
  std::cerr << "pmg: starting " << ranks << " local ranks (" << (on_gpus ? "GPUs" : "CPU, Gloo")
            << ", rendezvous 127.0.0.1:" << port << ")\n";
  for (int r = 0; r < ranks; ++r) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed while starting rank " + std::to_string(r));
    if (pid == 0) {
      setenv("RANK", std::to_string(r).c_str(), 1);
      setenv("LOCAL_RANK", std::to_string(r).c_str(), 1);
      setenv("WORLD_SIZE", std::to_string(ranks).c_str(), 1);
      setenv("MASTER_ADDR", "127.0.0.1", 1);
      setenv("MASTER_PORT", port.c_str(), 1);
      if (r > 0) {  // only rank 0 reads commands and prints events
        const int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
      }
      std::vector<char*> argv;
      static std::string exe = "/proc/self/exe";
      argv.push_back(exe.data());
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/proc/self/exe", argv.data());
      _exit(127);
    }
    g_children.push_back(pid);
  }
  std::signal(SIGINT, forwardSignal);
  std::signal(SIGTERM, forwardSignal);
  int worst = 0;
  for (size_t r = 0; r < g_children.size(); ++r) {
    int status = 0;
    waitpid(g_children[r], &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code != 0) {
      std::cerr << "pmg: rank " << r << " exited with status " << code << "\n";
      if (worst == 0) forwardSignal(SIGTERM);  // a lost rank would hang the others
    }
    worst = std::max(worst, code);
  }
  return worst;
}

}  // namespace pmg::cli
