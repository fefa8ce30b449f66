// Checkpoints: one directory per step with the weights as safetensors (model.safetensors)
// and the trainer state (optimizer, mask RNG) as a torch archive plus state.json (step,
// epoch, lr, data position). Written to a temporary directory and renamed, so a crash
// never leaves a half-written checkpoint; `latest` names the newest one.
#pragma once
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>

#include "pmg/training/model/videomae.h"

namespace pmg::training {

/// What a trainer saves besides the weights.
struct TrainerState {
  int step = 0;         ///< optimizer steps done (= data position: batch `step` is next)
  nlohmann::json info;  ///< epoch, lr, world size... (state.json)
};

/// Writes checkpoints/step-NNNNNNN/ atomically, points `latest` at it and keeps the
/// newest `keep` checkpoints. `optimizer` and `mask_rng` may be null (weights only).
/// Returns the checkpoint directory.
std::string saveCheckpoint(torch::nn::Module& model, torch::optim::Optimizer* optimizer,
                           const torch::Generator* mask_rng, const TrainerState& state,
                           const std::string& checkpoints_dir, int keep = 3);

/// The newest checkpoint of a run's checkpoints folder ("" if none): `latest`, or a
/// legacy latest.pt archive.
std::string latestCheckpoint(const std::string& checkpoints_dir);

/// Loads weights from a checkpoint directory, a model.safetensors file or a legacy .pt
/// archive. Throws naming a missing or mis-shaped parameter.
void loadWeights(torch::nn::Module& model, const std::string& checkpoint);

/// Restores optimizer and mask RNG from a checkpoint directory; returns its state.
TrainerState loadTrainerState(torch::optim::Optimizer& optimizer, torch::Generator& mask_rng,
                              const std::string& checkpoint);

}  // namespace pmg::training
