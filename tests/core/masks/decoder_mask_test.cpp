// Running-cell decoder masks (VideoMAE V2 dual masking): the cell pattern, and decoder masks
// that are subsets of the encoder mask with the same count for every sample.
#include <gtest/gtest.h>

#include <algorithm>

#include "pmg/masks/decoder_mask.h"

using namespace pmg;

TEST(DecoderMask, TheRunningCellShowsHalfOfEachCellAndShiftsEverySlice) {
  for (int phase = 0; phase < 4; ++phase) {
    for (int slice = 0; slice < 8; ++slice) {
      int shown = 0;
      for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 2; ++x) shown += runningCellVisible(slice, y, x, phase, 0.5);
      EXPECT_EQ(shown, 2) << "phase " << phase << " slice " << slice;
    }
    // Over four consecutive slices every position of a cell is decoded exactly twice, and the
    // pattern repeats with period 4; a 14x14 grid tiles the same cell everywhere.
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x) {
        int seen = 0;
        for (int slice = 0; slice < 4; ++slice) seen += runningCellVisible(slice, y, x, phase, 0.5);
        EXPECT_EQ(seen, 2);
        EXPECT_EQ(runningCellVisible(1, y, x, phase, 0.5), runningCellVisible(5, y, x, phase, 0.5));
        EXPECT_EQ(runningCellVisible(3, y, x, phase, 0.5),
                  runningCellVisible(3, y + 6, x + 10, phase, 0.5));
      }
    // Consecutive slices decode different positions of the cell.
    bool differs = false;
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x)
        differs |=
            runningCellVisible(0, y, x, phase, 0.5) != runningCellVisible(1, y, x, phase, 0.5);
    EXPECT_TRUE(differs);
  }
  // A ratio of 0.75 hides three of four positions.
  int shown = 0;
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 2; ++x) shown += runningCellVisible(0, y, x, 0, 0.75);
  EXPECT_EQ(shown, 1);
}

TEST(DecoderMask, DecodesHalfOfTheMaskedTokensMostlyOnTheCellSameCountPerSample) {
  const TokenGrid grid{8, 14, 16, 2};
  const size_t n = size_t(grid.slices * grid.tokensPerSlice());
  for (uint64_t sample = 0; sample < 20; ++sample) {
    Rng rng(7, sample);
    const auto encoder = tubeTokenMask(grid, 0.9, rng);
    const auto decode = runningCellDecodeMask(grid, encoder, 0.5, rng);
    ASSERT_EQ(decode.size(), n);
    const size_t masked = size_t(std::count(encoder.begin(), encoder.end(), uint8_t(1)));
    const size_t decoded = size_t(std::count(decode.begin(), decode.end(), uint8_t(1)));
    EXPECT_EQ(decoded, masked - size_t(0.5 * double(masked))) << "sample " << sample;
    for (size_t i = 0; i < n; ++i)
      EXPECT_TRUE(!decode[i] || encoder[i])
          << "a token the encoder saw is decoded, sample " << sample;
    // Which phase the sample drew: the one whose cell holds the most decoded tokens; nearly all
    // of them lie on it (only the few added or dropped to equalise the count do not).
    size_t best = 0;
    for (int phase = 0; phase < 4; ++phase) {
      size_t count = 0;
      for (size_t i = 0; i < n; ++i) {
        const int s = int(i / size_t(grid.tokensPerSlice()));
        const int y = int(i % size_t(grid.tokensPerSlice())) / grid.grid, x = int(i) % grid.grid;
        count += decode[i] && runningCellVisible(s, y, x, phase, 0.5);
      }
      best = std::max(best, count);
    }
    EXPECT_GE(double(best), 0.85 * double(decoded)) << "sample " << sample;
  }
}
