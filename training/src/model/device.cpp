#include "pmg/training/model/device.h"

#include <ATen/autocast_mode.h>
#include <sys/resource.h>
#include <torch/version.h>

#include <stdexcept>

#if defined(PMG_HAVE_TORCH_CUDA)
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace pmg::training {

torch::Device resolveDevice(const std::string& name, int local_rank) {
  const bool have_cuda = torch::cuda::is_available();
  if (name == "cpu") return torch::kCPU;
  if (name == "auto") {
    return have_cuda ? torch::Device(torch::kCUDA, int8_t(local_rank % torch::cuda::device_count()))
                     : torch::Device(torch::kCPU);
  }
  if (name.rfind("cuda", 0) != 0)
    throw std::invalid_argument("unknown device '" + name + "': allowed cpu, cuda, cuda:N, auto");
  if (!have_cuda)
    throw std::runtime_error("device '" + name + "' asked for, but this LibTorch (" +
                             TORCH_VERSION + ") has no CUDA or sees no GPU");
  const int ordinal = name == "cuda" ? local_rank : std::stoi(name.substr(5));
  if (ordinal < 0 || ordinal >= int(torch::cuda::device_count()))
    throw std::invalid_argument("device '" + name + "': GPU index " + std::to_string(ordinal) +
                                " out of range [0, " + std::to_string(torch::cuda::device_count()) +
                                ")");
  return torch::Device(torch::kCUDA, int8_t(ordinal));
}

AutocastGuard::AutocastGuard(const torch::Device& device, bool enabled)
    : active_(enabled && device.is_cuda()) {
  if (!active_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
  at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
  at::autocast::set_enabled(true);
#endif
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
  at::autocast::set_enabled(false);
#endif
  at::autocast::clear_cache();
}

torch::Tensor toDevice(const torch::Tensor& cpu, const torch::Device& device) {
  if (!device.is_cuda()) return cpu;
  return cpu.pin_memory().to(device, /*non_blocking=*/true);
}

std::string gpuName(int index) {
#if defined(PMG_HAVE_TORCH_CUDA)
  if (torch::cuda::is_available() && index >= 0 && index < int(torch::cuda::device_count()))
    return at::cuda::getDeviceProperties(index)->name;
#endif
  (void)index;
  return "";
}

double peakMemoryMiB(const torch::Device& device) {
#if defined(PMG_HAVE_TORCH_CUDA)
  if (device.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
    constexpr size_t aggregate = 0;  // StatType::AGGREGATE (its namespace moved in 2.6)
    return double(stats.allocated_bytes[aggregate].peak) / (1024.0 * 1024.0);
  }
#endif
  (void)device;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace pmg::training
