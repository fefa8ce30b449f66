// Data parallelism over processes through c10d: Gloo on CPU (NCCL on GPUs when the
// LibTorch in use has it), rendezvous through a TCPStore. Include from training sources.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace c10d {
class Store;
}

namespace pmg::training {

/// Where this process sits in the job (torchrun / Slurm environment variables).
struct DistEnv {
  int rank = 0, world = 1, local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
};

/// Reads RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT (or Slurm's SLURM_PROCID,
/// SLURM_NTASKS, SLURM_LOCALID); a single process when none is set.
DistEnv distEnvFromEnvironment();

/// One data-parallel group: averages gradients and scalars over all ranks.
class DataParallel {
 public:
  virtual ~DataParallel() = default;
  /// Sums every gradient over the ranks and divides by the world size (one flat buffer).
  virtual void averageGradients(const std::vector<torch::Tensor>& parameters) = 0;
  /// The mean of `value` over the ranks.
  virtual double average(double value) = 0;
  /// Copies rank 0's parameters to every rank.
  virtual void broadcast(const std::vector<torch::Tensor>& parameters) = 0;
  virtual int rank() const = 0;
  virtual int world() const = 0;
  virtual std::string backend() const = 0;
};

/// Joins the group described by `env` (TCPStore at master_addr:master_port, served by
/// rank 0): NCCL for CUDA devices when available, else Gloo. Null when world == 1.
std::unique_ptr<DataParallel> joinDataParallel(const DistEnv& env, const torch::Device& device);

/// Joins a Gloo group over an existing store (tests run ranks as threads on a HashStore).
std::unique_ptr<DataParallel> joinGloo(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                       int world);

}  // namespace pmg::training
