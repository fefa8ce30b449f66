// Reconstructions of a pre-trained VideoMAE: predicted patches de-normalised with each
// tube's own mean/std, visible patches from the input, per-patch loss. Include from
// training sources only (torch); the CLI uses reconstruct_run.h.
#pragma once
#include "pmg/figures/reconstruction_figure.h"
#include "pmg/training/model/videomae.h"

namespace pmg::training {

/// Inverse of patchify: (B, N, tubelet*p*p, 3) -> (B, 3, T, H, W).
torch::Tensor unpatchify(const torch::Tensor& patches, const VideoMaeConfig& c);

/// Puts predicted masked patches (B, N_masked, values; normalised targets if
/// `normalized`) back into the input video (B, 3, T, H, W) in [0, 1].
torch::Tensor assembleReconstruction(const torch::Tensor& video01, const torch::Tensor& mask,
                                     const torch::Tensor& prediction, const VideoMaeConfig& c,
                                     bool normalized);

/// Per-token loss (B, N): MSE over values for masked tokens, 0 for visible ones.
torch::Tensor perTokenLoss(const torch::Tensor& prediction, const torch::Tensor& targets,
                           const torch::Tensor& mask);

/// The figure panels of sample 0 from a batch, its mask and the model's prediction. With a
/// decoder mask (running cell), the masked grid is 1 where a masked token was decoded and 2
/// where it was not (drawn darker: the loss did not cover it).
ReconstructionPanels makePanels(const torch::Tensor& video01, const torch::Tensor& mask,
                                const torch::Tensor& prediction, const VideoMaeConfig& c,
                                bool normalized, const torch::Tensor& decode = {});

}  // namespace pmg::training
