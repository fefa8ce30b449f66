// GPU-resident PMG: renders a batch of clips on the training device from their source images
// and motion programs with LibTorch ops, so the loader ships source images (one per clip)
// instead of clips (16x less traffic). Held to the CPU rasterizer by tests (PSNR per transform).
#pragma once

#include <torch/torch.h>

#include <vector>

#include "pmg/motion/batch_mix.h"
#include "pmg/motion/motion_program.h"
#include "pmg/training/data/clip_loader.h"

namespace pmg::training {

/// Renders one clip per program. `sources` and `seconds` (CutMix donors; may be undefined)
/// are (B, H, W, 3) uint8 on the device, canonical squares of the programs' size. Returns
/// (B, T, 3, H, W) float holding integers in [0, 255], like the CPU rasterizer's bytes: each
/// frame is rounded, so recursive mode warps the previous frame as the CPU does.
torch::Tensor rasterizeOnDevice(const std::vector<MotionProgram>& programs,
                                const torch::Tensor& sources, const torch::Tensor& seconds = {});

/// Mixup on the device with the records (partners and lambdas) that videoMixup drew: clip i
/// becomes lambda_i * clip_i + (1 - lambda_i) * clip_partner, rounded. `clips`: (B, T, 3, H, W).
torch::Tensor mixupOnDevice(const torch::Tensor& clips, const std::vector<MixRecord>& records);

/// VideoMix on the device with the records (boxes) that drawVideoMix drew: each box of clip i
/// is taken from its partner's original. `clips`: (B, T, 3, H, W).
torch::Tensor videoMixOnDevice(const torch::Tensor& clips, const std::vector<MixRecord>& records);

/// The model's input, (B, 3, T, H, W) float in [0, 1], from rasterizeOnDevice's output.
torch::Tensor deviceClipsToModelInput(const torch::Tensor& clips);

/// A loader batch (render_on_device) as the model's input on `device`: the pending clips'
/// sources shipped (pinned on CUDA) and rendered there, finished clips (real videos) shipped
/// as bytes, flips, then the batch mixing with the loader's decisions.
torch::Tensor loaderBatchToDevice(const LoaderBatch& batch, const torch::Device& device);

}  // namespace pmg::training
