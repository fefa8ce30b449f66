#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sstream>

#include "pretrain/foreach_adamw.h"

using namespace pmg::training;

namespace {

/// Two layers, one of them left without a gradient, in two param groups (decay / no decay).
struct Net : torch::nn::Module {
  Net() {
    a = register_module("a", torch::nn::Linear(6, 5));
    b = register_module("b", torch::nn::Linear(5, 3));
    unused = register_module("unused", torch::nn::Linear(2, 2));
  }
  torch::Tensor forward(const torch::Tensor& x) { return b(torch::gelu(a(x))); }
  torch::nn::Linear a{nullptr}, b{nullptr}, unused{nullptr};
};

template <typename Optimizer>
std::unique_ptr<Optimizer> makeOptimizer(Net& net) {
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{net.a->weight, net.b->weight, net.unused->weight},
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(0.01).betas({0.9, 0.95}).weight_decay(0.05)));
  groups.emplace_back(std::vector<torch::Tensor>{net.a->bias, net.b->bias, net.unused->bias},
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(0.01).betas({0.9, 0.95}).weight_decay(0)));
  return std::make_unique<Optimizer>(std::move(groups));
}

template <typename Optimizer>
void train(Net& net, Optimizer& opt, int steps) {
  torch::manual_seed(3);
  for (int i = 0; i < steps; ++i) {
    opt.zero_grad();
    auto x = torch::randn({8, 6});
    net.forward(x).square().mean().backward();
    opt.step();
  }
}

}  // namespace

TEST(ForeachAdamW, MatchesTorchAdamWOverStepsWithDecayGroupsAndAParameterWithoutGradient) {
  torch::manual_seed(1);
  Net reference, ours;
  {
    torch::NoGradGuard g;
    for (size_t i = 0; i < reference.parameters().size(); ++i)
      ours.parameters()[i].copy_(reference.parameters()[i]);
  }
  auto ref_opt = makeOptimizer<torch::optim::AdamW>(reference);
  auto our_opt = makeOptimizer<ForeachAdamW>(ours);
  const auto unused_before = ours.unused->weight.clone(), a_before = ours.a->weight.clone();
  train(reference, *ref_opt, 5);
  train(ours, *our_opt, 5);
  for (size_t i = 0; i < reference.parameters().size(); ++i)
    EXPECT_TRUE(torch::allclose(ours.parameters()[i], reference.parameters()[i], 1e-5, 1e-7))
        << "parameter " << i;
  EXPECT_FALSE(torch::allclose(ours.a->weight, a_before));        // it trained
  EXPECT_TRUE(torch::equal(ours.unused->weight, unused_before));  // no gradient: untouched
}

TEST(ForeachAdamW, ItsStateLoadsIntoTorchAdamWAndContinuesIdentically) {
  torch::manual_seed(2);
  Net net, copy;
  auto opt = makeOptimizer<ForeachAdamW>(net);
  train(net, *opt, 3);
  {
    torch::NoGradGuard g;
    for (size_t i = 0; i < net.parameters().size(); ++i)
      copy.parameters()[i].copy_(net.parameters()[i]);
  }
  torch::serialize::OutputArchive out;
  opt->save(out);
  std::ostringstream bytes;
  out.save_to(bytes);
  auto plain = makeOptimizer<torch::optim::AdamW>(copy);
  torch::serialize::InputArchive in;
  std::istringstream is(bytes.str());
  in.load_from(is);
  plain->load(in);
  train(net, *opt, 2);
  train(copy, *plain, 2);
  for (size_t i = 0; i < net.parameters().size(); ++i)
    EXPECT_TRUE(torch::allclose(net.parameters()[i], copy.parameters()[i], 1e-5, 1e-7))
        << "parameter " << i;
}
