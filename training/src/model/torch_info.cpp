#include "pmg/training/model/torch_info.h"

#include "pmg/training/model/device.h"

#include <torch/torch.h>

#include <unistd.h>

#include <fstream>
#include <thread>

namespace pmg::training {

namespace {

/// Name of the BLAS shared object mapped into this process.
std::string loadedBlas() {
  std::ifstream maps("/proc/self/maps");
  std::string line, found;
  while (std::getline(maps, line)) {
    const auto slash = line.rfind('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(line.find('/'));
    const std::string file = line.substr(slash + 1);
    if (file.find("openblas") != std::string::npos || file.find("mkl") != std::string::npos ||
        file.find("blis") != std::string::npos) {
      return file + " (" + path + ")";
    }
    if (file.rfind("libblas.so", 0) == 0) {
      found = path;
    }
  }
  if (!found.empty()) {
    std::error_code ec;
    char buf[4096];
    const ssize_t n =
        ::readlink("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", buf, sizeof buf - 1);
    const std::string target = n > 0 ? std::string(buf, size_t(n)) : found;
    if (target.find("openblas") != std::string::npos) return "openblas via " + target;
    if (target.find("blis") != std::string::npos) return "blis via " + target;
    return "reference BLAS (" + target + ")";
  }
  return "built-in (MKL or static)";
}

}  // namespace

int configureThreads(int threads) {
  if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);
  return torch::get_num_threads();
}

TorchInfo torchInfo() {
  TorchInfo info;
  info.version = TORCH_VERSION;
  info.cuda_available = torch::cuda::is_available();
  if (info.cuda_available) {
    for (int i = 0; i < int(torch::cuda::device_count()); ++i)
      info.gpus.push_back("cuda:" + std::to_string(i) + " " + gpuName(i));
  }
  auto a = torch::ones({64, 64});
  (void)torch::mm(a, a).sum().item<float>();
  info.blas = loadedBlas();
  info.threads = torch::get_num_threads();
  return info;
}

}  // namespace pmg::training
