// Export of a pre-trained VideoMAE to the Hugging Face transformers layout
// (VideoMAEForPreTraining): model.safetensors, config.json, preprocessor_config.json.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "pmg/training/videomae.h"

namespace pmg::training {

/// Our parameter names mapped to HF names; qkv is split into query/key/value.
std::vector<std::pair<std::string, torch::Tensor>> huggingFaceStateDict(VideoMae& model);

/// Loads the pre-trained model of a run directory (its config.json and
/// checkpoints/latest, or `checkpoint` if given). Throws naming the missing file.
VideoMae loadRunModel(const std::string& run_dir, const std::string& checkpoint = "");

/// Reads a Hugging Face VideoMAEForPreTraining folder (config.json + model.safetensors)
/// into our model: the inverse of exportHuggingFace. Throws naming a missing or
/// mis-shaped key.
VideoMae importHuggingFace(const std::string& dir);

/// Writes the three files into `dir` (created if needed).
void exportHuggingFace(VideoMae& model, const std::string& dir);

}  // namespace pmg::training
