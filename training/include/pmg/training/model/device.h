// Device selection, bf16 autocast and host->device copies, for LibTorch 1.13 and 2.x.
#pragma once
#include <torch/torch.h>

#include <string>

namespace pmg::training {

/// "cpu", "cuda", "cuda:N" or "auto" (CUDA when available, else CPU). For "cuda" the
/// ordinal is `local_rank`. Throws with the reason when CUDA is asked for but missing.
torch::Device resolveDevice(const std::string& name, int local_rank = 0);

/// Enables bf16 autocast on CUDA for its lifetime (no effect on CPU or when disabled).
class AutocastGuard {
 public:
  AutocastGuard(const torch::Device& device, bool enabled);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool active_ = false;
};

/// Copies a CPU batch to `device`: pinned memory and a non-blocking copy on CUDA.
torch::Tensor toDevice(const torch::Tensor& cpu, const torch::Device& device);

/// The GPU's name (e.g. "NVIDIA H100 80GB HBM3"), or "" without CUDA.
std::string gpuName(int index);

/// Peak memory in MiB: the CUDA caching allocator's peak on CUDA, else the process's peak RSS.
double peakMemoryMiB(const torch::Device& device);

}  // namespace pmg::training
