#include "data/clip_batch.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "pmg/training/model/device.h"

namespace pmg::training {

namespace {

void checkSameShape(const std::vector<Clip>& clips) {
  if (clips.empty()) throw std::invalid_argument("empty batch");
  const Clip& a = clips.front();
  for (const auto& c : clips)
    if (c.frames != a.frames || c.height != a.height || c.width != a.width ||
        c.data.size() != size_t(a.frames) * a.height * a.width * 3)
      throw std::invalid_argument("clips of a batch differ in shape: " + std::to_string(c.frames) +
                                  "x" + std::to_string(c.height) + "x" + std::to_string(c.width) +
                                  " vs " + std::to_string(a.frames) + "x" +
                                  std::to_string(a.height) + "x" + std::to_string(a.width));
}

}  // namespace

torch::Tensor stageClips(const std::vector<Clip>& clips, bool pinned) {
  checkSameShape(clips);
  const Clip& a = clips.front();
  auto options = torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(pinned);
  auto staging = torch::empty({int64_t(clips.size()), a.frames, a.height, a.width, 3}, options);
  stageClipsInto(clips, staging);
  return staging;
}

void stageClipsInto(const std::vector<Clip>& clips, torch::Tensor& staging) {
  checkSameShape(clips);
  const size_t bytes = clips.front().data.size();
  if (staging.scalar_type() != torch::kUInt8 || !staging.is_contiguous() ||
      size_t(staging.numel()) != bytes * clips.size())
    throw std::invalid_argument("staging tensor does not fit the batch");
  for (size_t i = 0; i < clips.size(); ++i)
    std::memcpy(staging.data_ptr<uint8_t>() + i * bytes, clips[i].data.data(), bytes);
}

torch::Tensor clipsToDevice(const std::vector<Clip>& clips, const torch::Device& device) {
  const auto staging = stageClips(clips, device.is_cuda());
  const Clip& a = clips.front();
  auto on_device = device.is_cuda() ? staging.to(device, /*non_blocking=*/true) : staging;
  // One pass converts to float and to the model's (B, C, T, H, W) layout.
  auto video = torch::empty({int64_t(clips.size()), 3, a.frames, a.height, a.width},
                            torch::TensorOptions().dtype(torch::kFloat32).device(device));
  video.copy_(on_device.permute({0, 4, 1, 2, 3}));
  return video.div_(255.0);
}

torch::Tensor clipsToDeviceViaHostFloat(const std::vector<Clip>& clips,
                                        const torch::Device& device) {
  checkSameShape(clips);
  std::vector<torch::Tensor> ts;
  for (const auto& c : clips) {
    auto t = torch::from_blob(const_cast<uint8_t*>(c.data.data()), {c.frames, c.height, c.width, 3},
                              torch::kUInt8);
    ts.push_back(t.permute({3, 0, 1, 2}).to(torch::kFloat32).div_(255.0));
  }
  return toDevice(torch::stack(ts), device);
}

}  // namespace pmg::training
