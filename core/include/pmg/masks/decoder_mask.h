// VideoMAE V2's dual masking, decoder side: the decoder reconstructs only part of the tokens
// the encoder did not see, chosen by "running cell" masking. Each 2x2 cell of token positions
// hides int(4 * ratio) of its positions from the decoder and the hidden ones shift by one
// position per temporal slice (from a random phase per sample), so consecutive slices decode
// complementary positions.
#pragma once
#include <cstdint>
#include <vector>

#include "pmg/base/rng.h"
#include "pmg/masks/motion_mask.h"

namespace pmg {
inline namespace masks {

/// True where the running cell of `phase` (0..3) lets the decoder see token (slice, y, x) when
/// int(4 * ratio) of each cell's 4 positions are hidden (VideoMAE V2's RunningCellMasking).
bool runningCellVisible(int slice, int y, int x, int phase, double ratio);

/// The tokens the decoder reconstructs (1) for one sample with encoder mask `encoder_mask`
/// (slices x grid x grid, 1 = masked): the masked tokens the running cell shows, then, so that
/// every sample decodes the same count (masked - int(ratio * masked)), running-cell tokens
/// dropped or other masked tokens added at random. Always a subset of the encoder mask.
std::vector<uint8_t> runningCellDecodeMask(const TokenGrid& tokens,
                                           const std::vector<uint8_t>& encoder_mask, double ratio,
                                           Rng& rng);

}  // namespace masks
}  // namespace pmg
