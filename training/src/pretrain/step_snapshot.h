// The reconstruction snapshot of a pre-training step (snapshots/step-N/): the figure of the
// first clip, as `pmg reconstruct` draws it, and its raw arrays for the GUI.
#pragma once
#include <torch/torch.h>

#include <string>

#include "pmg/training/model/videomae.h"
#include "pretrain/token_masks.h"

namespace pmg::training {

/// Writes the snapshot of a step into `dir`: the figure plus input/mask/prediction/targets
/// .npy. With a decoder mask (running cell) the figure reconstructs every masked token of
/// the first clip (one extra forward without gradients) and decode_mask.npy records the
/// tokens the loss covered.
void snapshotStep(const std::string& dir, VideoMae& model, const torch::Tensor& video,
                  const StepMasks& masks, const torch::Tensor& pred, const torch::Tensor& targets,
                  const torch::Device& device, bool bf16);

}  // namespace pmg::training
