#include "pmg/training/pretrain/distributed.h"

// USE_C10D_GLOO / USE_C10D_NCCL come with LibTorch's CMake targets (torch_cpu / torch_cuda).
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <cstdlib>
#include <stdexcept>

#if defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace pmg::training {

namespace {

int envInt(const char* name, const char* fallback, int otherwise) {
  const char* v = std::getenv(name);
  if (!v && fallback) v = std::getenv(fallback);
  if (!v || !*v) return otherwise;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (*end) throw std::invalid_argument(std::string(name) + "='" + v + "' is not an integer");
  return int(n);
}

/// Any c10d group with the (tensors, options) collectives: ProcessGroupGloo and
/// ProcessGroupNCCL on LibTorch 1.13 and 2.x.
template <typename Group>
class GroupDataParallel : public DataParallel {
 public:
  GroupDataParallel(c10::intrusive_ptr<Group> group, int rank, int world, std::string backend)
      : group_(std::move(group)), rank_(rank), world_(world), backend_(std::move(backend)) {}

  void averageGradients(const std::vector<torch::Tensor>& parameters) override {
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters)
      if (p.grad().defined()) grads.push_back(p.grad());
    if (grads.empty()) return;
    std::vector<torch::Tensor> flat = {torch::cat(flatten(grads))};
    const bool via_host = backend_ == "gloo" && flat[0].is_cuda();
    if (via_host) flat[0] = flat[0].cpu();
    group_->allreduce(flat)->wait();
    flat[0].div_(world_);
    if (via_host) flat[0] = flat[0].to(grads[0].device());
    int64_t offset = 0;
    for (auto& g : grads) {
      g.view(-1).copy_(flat[0].narrow(0, offset, g.numel()));
      offset += g.numel();
    }
  }

  double average(double value) override {
    std::vector<torch::Tensor> t = {torch::tensor({value}, torch::kFloat64)};
    if (backend_ == "nccl") t[0] = t[0].to(torch::kCUDA);
    group_->allreduce(t)->wait();
    return t[0].item<double>() / world_;
  }

  void broadcast(const std::vector<torch::Tensor>& parameters) override {
    torch::NoGradGuard no_grad;
    for (const auto& p : parameters) {
      std::vector<torch::Tensor> t = {p.detach()};
      group_->broadcast(t)->wait();
    }
  }

  int rank() const override { return rank_; }
  int world() const override { return world_; }
  std::string backend() const override { return backend_; }

 private:
  static std::vector<torch::Tensor> flatten(const std::vector<torch::Tensor>& ts) {
    std::vector<torch::Tensor> out;
    for (const auto& t : ts) out.push_back(t.reshape(-1));
    return out;
  }
  c10::intrusive_ptr<Group> group_;
  int rank_, world_;
  std::string backend_;
};

}  // namespace

DistEnv distEnvFromEnvironment() {
  DistEnv e;
  e.world = envInt("WORLD_SIZE", "SLURM_NTASKS", 1);
  e.rank = envInt("RANK", "SLURM_PROCID", 0);
  e.local_rank = envInt("LOCAL_RANK", "SLURM_LOCALID", 0);
  if (const char* a = std::getenv("MASTER_ADDR")) e.master_addr = a;
  e.master_port = envInt("MASTER_PORT", nullptr, 29500);
  if (e.world < 1 || e.rank < 0 || e.rank >= e.world)
    throw std::invalid_argument("RANK (" + std::to_string(e.rank) +
                                ") must be in [0, WORLD_SIZE (" + std::to_string(e.world) + "))");
  return e;
}

std::unique_ptr<DataParallel> joinGloo(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                       int world) {
#if !defined(USE_C10D_GLOO)
  (void)store, (void)rank, (void)world;
  throw std::runtime_error("this LibTorch was built without Gloo: no CPU data parallelism");
#else
  auto options = c10d::ProcessGroupGloo::Options::create();
  options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, world, options);
  return std::make_unique<GroupDataParallel<c10d::ProcessGroupGloo>>(group, rank, world, "gloo");
#endif
}

std::unique_ptr<DataParallel> joinDataParallel(const DistEnv& env, const torch::Device& device) {
  if (env.world <= 1) return nullptr;
  c10d::TCPStoreOptions opts;
  opts.port = uint16_t(env.master_port);
  opts.isServer = env.rank == 0;
  opts.numWorkers = size_t(env.world);
  auto store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, opts);
#if defined(USE_C10D_NCCL)
  if (device.is_cuda()) {
    auto group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, env.rank, env.world);
    return std::make_unique<GroupDataParallel<c10d::ProcessGroupNCCL>>(group, env.rank, env.world,
                                                                       "nccl");
  }
#endif
  (void)device;  // Gloo reduces CUDA tensors through host copies
  return joinGloo(store, env.rank, env.world);
}

}  // namespace pmg::training
