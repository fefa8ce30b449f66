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

#include "pmg/base/subprocess.h"

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
  std::vector<Subprocess> children;
  for (int r = 0; r < ranks; ++r) {
    SpawnOptions o;
    o.executable = "/proc/self/exe";
    o.argv = {"/proc/self/exe"};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.env = {{"RANK", std::to_string(r)},
             {"LOCAL_RANK", std::to_string(r)},
             {"WORLD_SIZE", std::to_string(ranks)},
             {"MASTER_ADDR", "127.0.0.1"},
             {"MASTER_PORT", port}};
    if (r > 0) {  // only rank 0 reads commands and prints events
      o.in = ChildStream::Null;
      o.out = ChildStream::Null;
    }
    children.push_back(Subprocess::spawn(o));
    g_children.push_back(children.back().pid());
  }
  std::signal(SIGINT, forwardSignal);
  std::signal(SIGTERM, forwardSignal);
  int worst = 0;
  for (size_t r = 0; r < children.size(); ++r) {
    const int code = children[r].wait();
    if (code != 0) {
      std::cerr << "pmg: rank " << r << " exited with status " << code << "\n";
      if (worst == 0) forwardSignal(SIGTERM);  // a lost rank would hang the others
    }
    worst = std::max(worst, code);
  }
  return worst;
}

}  // namespace pmg::cli
