#include <gtest/gtest.h>
#include <torch/torch.h>

#include "data/clip_batch.h"

using namespace pmg::training;

namespace {

std::vector<pmg::Clip> numberedClips(int n, int frames, int size) {
  std::vector<pmg::Clip> clips;
  for (int i = 0; i < n; ++i) {
    pmg::Clip c(frames, size, size);
    for (size_t k = 0; k < c.data.size(); ++k) c.data[k] = uint8_t((k * 7 + size_t(i) * 31) % 256);
    clips.push_back(std::move(c));
  }
  return clips;
}

}  // namespace

TEST(ClipBatch, StagedTransferEqualsTheHostFloatPathBitForBit) {
  const auto clips = numberedClips(3, 4, 8);
  const auto ours = clipsToDevice(clips, torch::kCPU);
  const auto baseline = clipsToDeviceViaHostFloat(clips, torch::kCPU);
  ASSERT_EQ(ours.sizes(), torch::IntArrayRef({3, 3, 4, 8, 8}));  // (B, C, T, H, W)
  EXPECT_TRUE(ours.is_contiguous());
  EXPECT_TRUE(torch::equal(ours, baseline));
  // Clip 1, frame 2, row 5, column 6, channel 2 (the clip's RGB byte layout), scaled to [0, 1].
  const size_t k = ((2 * 8 + 5) * 8 + 6) * 3 + 2;
  EXPECT_FLOAT_EQ(ours[1][2][2][5][6].item<float>(), float(clips[1].data[k]) / 255.0f);
}

TEST(ClipBatch, MixedShapesAndAMisfittingStagingBufferAreClearErrors) {
  auto clips = numberedClips(2, 4, 8);
  clips.push_back(numberedClips(1, 4, 16).front());
  try {
    clipsToDevice(clips, torch::kCPU);
    FAIL() << "mixed shapes accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("4x16x16 vs 4x8x8"), std::string::npos) << e.what();
  }
  const auto same = numberedClips(2, 4, 8);
  auto staging = torch::empty({3, 4, 8, 8, 3}, torch::kUInt8);
  EXPECT_THROW(stageClipsInto(same, staging), std::invalid_argument);
  auto fits = stageClips(same, false);
  stageClipsInto(same, fits);
  EXPECT_EQ(fits[1][3][7][7][2].item<uint8_t>(), same[1].data.back());
}
