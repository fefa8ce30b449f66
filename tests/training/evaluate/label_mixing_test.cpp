#include "evaluate/label_mixing.h"

#include <gtest/gtest.h>

using namespace pmg;
using namespace pmg::training;

TEST(LabelMixing, SmoothedTargetsSumToOneWithTheLabelOnTop) {
  const auto t = smoothTargets(torch::tensor({2, 0}), 4, 0.1);
  EXPECT_TRUE(torch::allclose(t.sum(1), torch::ones({2})));
  EXPECT_NEAR(t[0][2].item<float>(), 0.9f + 0.025f, 1e-6);
  EXPECT_NEAR(t[0][1].item<float>(), 0.025f, 1e-6);
  EXPECT_EQ(t.argmax(1)[1].item<int64_t>(), 0);
}

TEST(LabelMixing, MixupBlendsClipsAndLabelsWithTheSameLambda) {
  // Clip b is constant b: after mixup with the reversed batch, clip 0 = l*0 + (1-l)*3.
  auto video =
      torch::arange(4, torch::kFloat32).view({4, 1, 1, 1, 1}).expand({4, 3, 2, 8, 8}).clone();
  const auto labels = torch::tensor({0, 1, 2, 3});
  LabelMixing m;
  m.mixup_alpha = 0.8;
  m.smoothing = 0.0;
  Rng rng(5);
  const auto soft = mixBatch(video, labels, 4, m, rng);
  const double lambda = soft[0][0].item<double>();
  EXPECT_GT(lambda, 0.0);
  EXPECT_LT(lambda, 1.0);
  EXPECT_NEAR(soft[0][3].item<double>(), 1.0 - lambda, 1e-6);
  EXPECT_NEAR(video[0].mean().item<double>(), 3.0 * (1.0 - lambda), 1e-5);
  EXPECT_NEAR(video[3].mean().item<double>(), 3.0 * lambda, 1e-5);
  EXPECT_TRUE(torch::allclose(soft.sum(1), torch::ones({4})));
}

TEST(LabelMixing, CutmixPastesOneBoxInEveryFrameAndWeighsLabelsByArea) {
  auto video = torch::zeros({2, 3, 4, 16, 16});
  video[1].fill_(1.0);
  const auto labels = torch::tensor({0, 1});
  LabelMixing m;
  m.cutmix_alpha = 1.0;
  m.smoothing = 0.0;
  bool pasted = false;
  for (uint64_t seed = 0; seed < 20 && !pasted; ++seed) {
    auto v = video.clone();
    Rng rng(seed);
    const auto soft = mixBatch(v, labels, 2, m, rng);
    const auto pasted_area = v[0][0][0].sum().item<double>() / 256.0;  // ones from clip 1
    EXPECT_NEAR(soft[0][1].item<double>(), pasted_area, 1e-6);         // label share = area
    for (int t = 1; t < 4; ++t) EXPECT_TRUE(torch::equal(v[0][0][t], v[0][0][0]));  // same box
    EXPECT_TRUE(torch::equal(v[0][0], v[0][2]));                                    // channels
    pasted = pasted_area > 0.0;
  }
  EXPECT_TRUE(pasted);
}

TEST(LabelMixing, SoftCrossEntropyEqualsNllForOneHotTargets) {
  const auto logits = torch::randn({5, 3});
  const auto labels = torch::tensor({0, 2, 1, 1, 0});
  const auto ce = softCrossEntropy(logits, smoothTargets(labels, 3, 0.0));
  EXPECT_NEAR(ce.item<double>(),
              torch::nll_loss(torch::log_softmax(logits, -1), labels).item<double>(), 1e-6);
}
