#include "pretrain/token_masks.h"

#include <stdexcept>

#include "pmg/base/random_streams.h"
#include "pmg/masks/decoder_mask.h"
#include "pmg/masks/motion_mask.h"
#include "pmg/training/model/videomae.h"

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
    Rng rng(streamSeed(seed, Stream::MotionMask), uint64_t(first_sample + i));
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

torch::Tensor runningCellMasks(const torch::Tensor& mask, const VideoMaeConfig& mc, uint64_t seed,
                               long first_sample) {
  const TokenGrid grid{mc.frames / mc.tubelet, mc.image_size / mc.patch, mc.patch, mc.tubelet};
  const auto m = mask.to(torch::kCPU).to(torch::kUInt8).contiguous();
  const int n = int(m.size(0)), tokens = int(m.size(1));
  std::vector<uint8_t> all;
  all.reserve(size_t(n) * size_t(tokens));
  for (int i = 0; i < n; ++i) {
    const uint8_t* row = m[i].data_ptr<uint8_t>();
    Rng rng(streamSeed(seed, Stream::RunningCell), uint64_t(first_sample + i));
    const auto d = runningCellDecodeMask(grid, std::vector<uint8_t>(row, row + tokens),
                                         kRunningCellRatio, rng);
    all.insert(all.end(), d.begin(), d.end());
  }
  return torch::from_blob(all.data(), {n, tokens}, torch::kUInt8).to(torch::kBool);
}

StepMasks stepMasks(const std::string& kind, const LoaderBatch& batch, const VideoMaeConfig& mc,
                    uint64_t seed, torch::Generator& gen, const StepPlace& place,
                    const torch::Device& device) {
  StepMasks out;
  if (kind == "motion") {
    BatchMasks motion = motionMasks(batch, mc, mc.mask_ratio, seed, place.firstSample());
    out.mask = motion.mask.to(device);
    out.tube_fallbacks = motion.tube_fallbacks;
    return out;
  }
  const torch::Tensor global = tubeMask(mc, place.world * place.local_batch, mc.mask_ratio, gen);
  out.mask = global.narrow(0, place.rank * place.local_batch, place.local_batch).to(device);
  if (kind == "running-cell")
    out.decode = runningCellMasks(out.mask, mc, seed, place.firstSample()).to(device);
  return out;
}

}  // namespace pmg::training
