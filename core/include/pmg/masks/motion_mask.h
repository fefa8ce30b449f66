// Motion-guided token masking (MGMAE without a flow network): the masked tokens of the first
// tubelet slice are carried along the clip's exact motion, so the mask follows the content.
#pragma once
#include <cstdint>
#include <vector>

#include "pmg/base/rng.h"
#include "pmg/motion/motion_program.h"

namespace pmg {
inline namespace masks {

/// Token layout of a clip: slices of `tubelet` frames, `grid` x `grid` patches of `patch` px.
struct TokenGrid {
  int slices = 8;
  int grid = 14;
  int patch = 16;
  int tubelet = 2;
  int tokensPerSlice() const { return grid * grid; }
};

/// A mask (slices x grid x grid, 1 = masked) with the same number of masked tokens in every
/// slice (ratio * tokens per slice, rounded down as tubeMask): slice 0 is random; each later slice
/// masks the tokens the slice-0 masked patch centres have moved to (the exact flow of `program`,
/// mirrored when `flipped`), then random tokens are added or dropped to keep the count.
std::vector<uint8_t> motionTokenMask(const MotionProgram& program, bool flipped,
                                     const TokenGrid& tokens, double ratio, Rng& rng);

/// The tube mask of the same count: slice 0's random mask repeated in every slice.
std::vector<uint8_t> tubeTokenMask(const TokenGrid& tokens, double ratio, Rng& rng);

}  // namespace masks
}  // namespace pmg
