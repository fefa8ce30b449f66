// Moving a batch of uint8 clips to the training device as the model's float input.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "pmg/base/clip.h"

namespace pmg::training {

/// The batch as one uint8 (B, T, H, W, 3) tensor, in pinned memory when `pinned`: the only
/// host work of clipsToDevice on a GPU. Throws if shapes differ.
torch::Tensor stageClips(const std::vector<Clip>& clips, bool pinned);

/// Copies the clips into an existing staging tensor of stageClips' shape (reused pinned
/// buffers come from CUDA's caching host allocator). Throws if shapes differ.
void stageClipsInto(const std::vector<Clip>& clips, torch::Tensor& staging);

/// (B, 3, T, H, W) float in [0, 1] on `device`. The clips are copied once into a uint8 staging
/// tensor (pinned on CUDA), moved as bytes (a quarter of the float traffic) and converted on
/// the device, so a GPU run spends little host time per batch. Throws if shapes differ.
torch::Tensor clipsToDevice(const std::vector<Clip>& clips, const torch::Device& device);

/// The straightforward path, kept as the benchmark's baseline: float conversion of every clip
/// on the host, then one float copy to the device.
torch::Tensor clipsToDeviceViaHostFloat(const std::vector<Clip>& clips,
                                        const torch::Device& device);

}  // namespace pmg::training
