#include <gtest/gtest.h>
#include <torch/torch.h>

#include "pmg/figures/reconstruction_figure.h"
#include "pmg/training/model/reconstruction.h"

using namespace pmg::training;

TEST(Reconstruction, PerfectPredictionsReconstructTheInputExactly) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  torch::manual_seed(3);
  auto video = torch::rand({2, 3, c.frames, c.image_size, c.image_size});
  auto gen = at::detail::createCPUGenerator(2);
  auto mask = tubeMask(c, 2, 0.75, gen);
  for (bool normalized : {true, false}) {
    auto targets = reconstructionTargets(video, c, normalized);
    auto perfect = targets.index({mask}).reshape({2, -1, targets.size(2)});
    auto rec = assembleReconstruction(video, mask, perfect, c, normalized);
    EXPECT_LT((rec - video).abs().max().item<float>(), 1e-4) << "normalized=" << normalized;
    EXPECT_EQ(perTokenLoss(perfect, targets, mask).abs().max().item<float>(), 0.0f);
  }
  // A wrong prediction changes only masked patches.
  auto zeros = torch::zeros({2, mask[0].sum().item<int64_t>(), c.patchValues()});
  auto rec = assembleReconstruction(video, mask, zeros, c, false);
  auto visible = (~mask).to(torch::kFloat32);
  auto diff = (patchify(rec, c) - patchify(video, c)).abs().sum({2, 3});
  EXPECT_EQ((diff * visible).max().item<float>(), 0.0f);
  EXPECT_GT((diff * mask.to(torch::kFloat32)).sum().item<float>(), 0.0f);
}

TEST(Reconstruction, UnpatchifyInvertsPatchify) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  auto video = torch::rand({1, 3, c.frames, c.image_size, c.image_size});
  EXPECT_TRUE(torch::equal(unpatchify(patchify(video, c), c), video));
}

TEST(Reconstruction, HeatmapsAreNormalizedPerFrame) {
  const VideoMaeConfig c = videoMaeConfig("tiny");
  auto video = torch::rand({1, 3, c.frames, c.image_size, c.image_size});
  auto gen = at::detail::createCPUGenerator(5);
  auto mask = tubeMask(c, 1, 0.5, gen);
  auto pred = torch::randn({1, mask[0].sum().item<int64_t>(), c.patchValues()}) * 3.0;
  const auto panels = makePanels(video, mask, pred, c, true);
  ASSERT_EQ(int(panels.patch_loss.size()), c.frames / c.tubelet);
  const auto norm = pmg::normalizePerFrame(panels.patch_loss);
  for (const auto& m : norm) {
    double lo, hi;
    cv::minMaxLoc(m, &lo, &hi);
    EXPECT_FLOAT_EQ(float(lo), 0.0f);
    EXPECT_FLOAT_EQ(float(hi), 1.0f);
  }
  const cv::Mat fig = pmg::reconstructionFigure(panels);
  EXPECT_GT(fig.cols, fig.rows);
  EXPECT_EQ(fig.type(), CV_8UC3);
}
