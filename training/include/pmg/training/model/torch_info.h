// What LibTorch this build uses: version, CUDA devices, BLAS and threads.
// Kept free of torch headers so the CLI can include it cheaply.
#pragma once
#include <string>
#include <vector>

namespace pmg::training {

/// Facts about the LibTorch in use.
struct TorchInfo {
  std::string version;
  bool cuda_available = false;
  std::vector<std::string> gpus;
  std::string blas;  ///< the BLAS library actually loaded (after a GEMM), or "reference"
  int threads = 1;
};

/// Queries LibTorch (runs one small GEMM to load the BLAS).
TorchInfo torchInfo();

/// Sets intra-op threads (0 = number of cores); returns the count in effect.
int configureThreads(int threads);

}  // namespace pmg::training
