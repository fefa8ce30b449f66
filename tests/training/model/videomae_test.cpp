#include <gtest/gtest.h>
#include <torch/torch.h>

#include "pmg/training/bench/train_bench.h"
#include "pmg/training/model/videomae.h"
#include "pmg/training/pretrain/trainer.h"
#include "pretrain/token_masks.h"

using namespace pmg::training;

TEST(VideoMaeConfig, InconsistentShapeNamesBothValues) {
  VideoMaeConfig c = videoMaeConfig("tiny");
  c.frames = 7;
  try {
    validate(c);
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("7"), std::string::npos) << m;
    EXPECT_NE(m.find("(2)"), std::string::npos) << m;
  }
  EXPECT_THROW(videoMaeConfig("huge"), std::invalid_argument);
}

TEST(VideoMae, TubeMaskHasSameCountPerSampleAndRepeatsOverTime) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  auto gen = at::detail::createCPUGenerator(3);
  const auto mask = tubeMask(c, 5, 0.75, gen);
  ASSERT_EQ(mask.size(1), c.tokens());
  const int per_frame = c.tokensPerFrame(), slices = c.frames / c.tubelet;
  for (int b = 0; b < 5; ++b) {
    EXPECT_EQ(mask[b].sum().item<int64_t>(), int64_t(0.75 * per_frame) * slices);
    for (int s = 1; s < slices; ++s)
      EXPECT_TRUE(torch::equal(mask[b].narrow(0, 0, per_frame),
                               mask[b].narrow(0, s * per_frame, per_frame)));
  }
  EXPECT_FALSE(torch::equal(mask[0], mask[1]));
}

TEST(VideoMae, NormalizedTargetsAreZeroMeanUnitUnbiasedStdPerTubeAndChannel) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  auto video = torch::rand({2, 3, c.frames, c.image_size, c.image_size});
  auto t =
      reconstructionTargets(video, c, true).view({2, c.tokens(), c.tubelet * c.patch * c.patch, 3});
  EXPECT_LT(t.mean(2).abs().max().item<float>(), 1e-4);
  EXPECT_NEAR(t.std(2, true).mean().item<float>(), 1.0, 1e-3);
  // 0.25 is exact in float, so x - mean is exactly 0 and only the eps keeps 0 / 0 away.
  auto flat = torch::full({1, 3, c.frames, c.image_size, c.image_size}, 0.25);
  EXPECT_LT(reconstructionTargets(flat, c, true).abs().max().item<float>(),
            1e-3);  // eps guards the std
  EXPECT_NEAR(reconstructionTargets(flat, c, false).mean().item<float>(), 0.25, 1e-6);
}

TEST(VideoMae, PatchifyOrdersTokensLikeTheConvEmbedding) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  auto video = torch::zeros({1, 3, c.frames, c.image_size, c.image_size});
  // Mark the tube at temporal slice 1, row 2, column 3.
  video.narrow(2, 2, 2).narrow(3, 2 * c.patch, c.patch).narrow(4, 3 * c.patch, c.patch).fill_(1.0);
  const auto p = patchify(video, c).sum({2, 3});
  const int expected = 1 * c.tokensPerFrame() + 2 * (c.image_size / c.patch) + 3;
  EXPECT_EQ(p.argmax(1).item<int64_t>(), expected);
}

TEST(VideoMae, ForwardShapesAndNoDecayGroupsExist) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  VideoMae model(c);
  auto gen = at::detail::createCPUGenerator(0);
  auto mask = tubeMask(c, 2, 0.75, gen);
  auto out = model->forward(torch::randn({2, 3, c.frames, c.image_size, c.image_size}), mask);
  EXPECT_EQ(out.size(0), 2);
  EXPECT_EQ(out.size(1), mask[0].sum().item<int64_t>());
  EXPECT_EQ(out.size(2), c.patchValues());
  bool has_q_bias = false;
  for (const auto& p : model->named_parameters())
    has_q_bias |= p.key().find("q_bias") != std::string::npos;
  EXPECT_TRUE(has_q_bias);
}

TEST(VideoMae, RunningCellDecodesOnlyItsTokensAndTheLossCoversOnlyThem) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  VideoMae model(c);
  auto gen = at::detail::createCPUGenerator(3);
  const auto mask = tubeMask(c, 2, 0.75, gen);
  const auto decode = runningCellMasks(mask, c, 5, 0);
  ASSERT_EQ(decode.sizes(), mask.sizes());
  EXPECT_TRUE((decode & ~mask).sum().item<int64_t>() == 0) << "decoded tokens the encoder saw";
  const int64_t masked = mask[0].sum().item<int64_t>();
  EXPECT_EQ(decode[0].sum().item<int64_t>(), masked - int64_t(0.5 * double(masked)));
  EXPECT_EQ(decode[1].sum().item<int64_t>(), decode[0].sum().item<int64_t>());
  const auto video = torch::rand({2, 3, c.frames, c.image_size, c.image_size});
  const auto pred = model->forward(imagenetNormalize(video), mask, decode);
  EXPECT_EQ(pred.size(1), decode[0].sum().item<int64_t>());
  // Loss only on decoded tokens: a target at a masked token that is not decoded does not count;
  // one at a decoded token does.
  auto targets = reconstructionTargets(video, c, true);
  const double loss = maskedLoss(pred, targets, decode).item<double>();
  const auto skipped = (mask & ~decode)[0].nonzero()[0].item<int64_t>();
  const auto used = decode[0].nonzero()[0].item<int64_t>();
  auto changed = targets.clone();
  changed[0][skipped].add_(5.0);
  EXPECT_DOUBLE_EQ(maskedLoss(pred, changed, decode).item<double>(), loss);
  changed[0][used].add_(5.0);
  EXPECT_GT(maskedLoss(pred, changed, decode).item<double>(), loss + 1e-3);
  EXPECT_THROW(checkMaskKind("cells", "train.mask"), std::invalid_argument);
  EXPECT_NO_THROW(checkMaskKind("running-cell", "train.mask"));
}

TEST(VideoMae, TinyModelLearnsAFixedBatchWellBelowTheTrivialPredictor) {
  torch::manual_seed(0);
  const VideoMaeConfig c = videoMaeConfig("tiny");
  VideoMae model(c);
  // Smooth moving gradients: predictable from visible tubes.
  auto t = torch::linspace(0, 1, c.frames).view({1, 1, c.frames, 1, 1});
  auto y = torch::linspace(0, 1, c.image_size).view({1, 1, 1, c.image_size, 1});
  auto x = torch::linspace(0, 1, c.image_size).view({1, 1, 1, 1, c.image_size});
  auto phase = torch::rand({4, 3, 1, 1, 1}) * 6.28;
  auto video = 0.5 + 0.5 * torch::sin(6.28 * (x + y * 0.5 + t * 0.3) + phase);
  auto gen = at::detail::createCPUGenerator(1);
  auto mask = tubeMask(c, 4, 0.75, gen);
  auto targets = reconstructionTargets(video, c, true);
  torch::optim::AdamW opt(model->parameters(), torch::optim::AdamWOptions(5e-3).betas({0.9, 0.95}));
  double loss_value = 0;
  for (int i = 0; i < 400; ++i) {
    opt.zero_grad();
    auto loss = maskedLoss(model->forward(imagenetNormalize(video), mask), targets, mask);
    loss.backward();
    opt.step();
    loss_value = loss.item<double>();
  }
  // Predicting zeros (the per-patch mean) scores 1.0 on normalized targets.
  EXPECT_LT(loss_value, 0.3) << "after 400 steps";
}

TEST(Schedule, WarmupThenCosineToZero) {
  EXPECT_NEAR(learningRate(1.0, 0, 10, 100), 0.1, 1e-12);
  EXPECT_NEAR(learningRate(1.0, 9, 10, 100), 1.0, 1e-12);
  EXPECT_NEAR(learningRate(1.0, 10, 10, 100), 1.0, 1e-12);
  EXPECT_NEAR(learningRate(1.0, 55, 10, 100), 0.5, 1e-12);
  EXPECT_NEAR(learningRate(1.0, 100, 10, 100), 0.0, 1e-12);
}

TEST(Flops, VitBAtMask075IsAbout345Gflop) {
  VideoMaeConfig c = videoMaeConfig("base");
  c.mask_ratio = 0.75;
  // Reference (shared/reference): forward 114.9 GFLOP, training step ~ 3x = ~345 GFLOP.
  EXPECT_NEAR(trainingFlopsPerClip(c) / 1e9, 345.0, 345.0 * 0.03);
  c.mask_ratio = 0.9;
  EXPECT_NEAR(trainingFlopsPerClip(c) / 1e9, 213.0, 213.0 * 0.03);
}

TEST(VideoMae, DropPathSkipsWholeBranchesPerSampleOnlyWhileTraining) {
  torch::manual_seed(3);
  Block block(16, 2, 4.0);
  const auto x = torch::randn({64, 5, 16});
  block->eval();
  const auto reference = block->forward(x);
  block->drop_path = 0.5;
  EXPECT_TRUE(torch::equal(block->forward(x), reference));  // eval: no dropping
  block->train();
  const auto y = block->forward(x);
  int skipped = 0;  // samples whose both branches were dropped come out unchanged
  for (int b = 0; b < 64; ++b) skipped += torch::equal(y[b], x[b]);
  EXPECT_GT(skipped, 3);  // about 64 / 4 expected
  EXPECT_LT(skipped, 40);
}
