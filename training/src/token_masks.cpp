#include "token_masks.h"

#include <stdexcept>

#include "pmg/motion_mask.h"

namespace pmg::training {

BatchMasks motionMasks(const LoaderBatch& batch, const VideoMaeConfig& mc, double ratio,
                       uint64_t seed, long first_sample) {
  const TokenGrid grid{mc.frames / mc.tubelet, mc.image_size / mc.patch, mc.patch, mc.tubelet};
  const int n = int(batch.items.size()), tokens = grid.slices * grid.tokensPerSlice();
  BatchMasks out;
  std::vector<uint8_t> all;  // filled row by row, one tensor at the end
  all.reserve(size_t(n) * size_t(tokens));
  for (int i = 0; i < n; ++i) {
    size_t from = size_t(i);  // whose motion the clip shows most
    if (size_t(i) < batch.mix.size()) {
      const MixRecord& r = batch.mix[size_t(i)];
      if (r.partner >= 0 && r.lambda < 0.5) from = size_t(r.partner);
    }
    const LoaderItem& item = batch.items[from];
    Rng rng(seed ^ 0x3A5C0DEULL, uint64_t(first_sample + i));
    std::vector<uint8_t> m;
    if (item.has_motion && item.program.size == mc.image_size && item.program.frames == mc.frames) {
      m = motionTokenMask(item.program, item.flip, grid, ratio, rng);
    } else {
      m = tubeTokenMask(grid, ratio, rng);
      ++out.tube_fallbacks;
    }
    all.insert(all.end(), m.begin(), m.end());
  }
  out.mask = torch::from_blob(all.data(), {n, tokens}, torch::kUInt8).to(torch::kBool);
  return out;
}

void checkMaskKind(const std::string& kind, const std::string& key) {
  if (kind != "tube" && kind != "motion")
    throw std::invalid_argument("invalid " + key + " '" + kind + "': allowed tube, motion");
}

}  // namespace pmg::training
