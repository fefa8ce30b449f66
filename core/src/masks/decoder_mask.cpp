// Running-cell decoder masks (see decoder_mask.h).
#include "pmg/masks/decoder_mask.h"

#include <algorithm>
#include <stdexcept>

namespace pmg {
inline namespace masks {

bool runningCellVisible(int slice, int y, int x, int phase, double ratio) {
  const int hidden = int(4 * ratio);  // the cell's queue: `hidden` ones, then zeros
  // V2 advances the queue pointer before the first slice: pointer = phase + slice + 1.
  const int position = (2 * (y % 2) + (x % 2) + phase + slice + 1) % 4;
  return position >= hidden;
}

std::vector<uint8_t> runningCellDecodeMask(const TokenGrid& g,
                                           const std::vector<uint8_t>& encoder_mask, double ratio,
                                           Rng& rng) {
  const int hidden = int(4 * ratio);
  if (hidden <= 0 || hidden >= 4)
    throw std::invalid_argument("running-cell decoder mask ratio must hide 1..3 of 4 positions");
  const size_t n = size_t(g.slices) * size_t(g.tokensPerSlice());
  if (encoder_mask.size() != n) throw std::invalid_argument("encoder mask has the wrong size");
  const int phase = int(rng.uniformInt(0, 3));
  std::vector<uint8_t> decode(n, 0);
  std::vector<size_t> shown, other;  // masked tokens the cell shows / hides
  for (int s = 0; s < g.slices; ++s)
    for (int y = 0; y < g.grid; ++y)
      for (int x = 0; x < g.grid; ++x) {
        const size_t i = (size_t(s) * g.grid + size_t(y)) * g.grid + size_t(x);
        if (!encoder_mask[i]) continue;
        (runningCellVisible(s, y, x, phase, ratio) ? shown : other).push_back(i);
      }
  const size_t masked = shown.size() + other.size();
  const size_t target = masked - size_t(ratio * double(masked));
  // Partial Fisher-Yates: keep a random `target` of the shown ones, or top up from the others.
  const auto take = [&rng](std::vector<size_t>& from, size_t count) {
    for (size_t i = 0; i < count && i < from.size(); ++i)
      std::swap(from[i], from[i + size_t(rng.uniformInt(0, int64_t(from.size() - i - 1)))]);
    from.resize(std::min(count, from.size()));
  };
  if (shown.size() > target) take(shown, target);
  for (size_t i : shown) decode[i] = 1;
  if (shown.size() < target) {
    take(other, target - shown.size());
    for (size_t i : other) decode[i] = 1;
  }
  return decode;
}

}  // namespace masks
}  // namespace pmg
