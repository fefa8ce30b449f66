// Export of a pre-trained VideoMAE to the Hugging Face transformers layout
// (VideoMAEForPreTraining): model.safetensors, config.json, preprocessor_config.json.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "pmg/training/model/videomae.h"

namespace pmg::training {

/// Our parameter names mapped to HF names; qkv is split into query/key/value.
std::vector<std::pair<std::string, torch::Tensor>> huggingFaceStateDict(VideoMae& model);

/// Our model field (pmg/config/videomae_config.h) -> its Hugging Face config.json name, for the
/// sizes both describe; export and import walk this list.
const std::vector<std::pair<std::string, std::string>>& huggingFaceConfigNames();

/// Loads the pre-trained model of a run directory (its config.json and
/// checkpoints/latest, or `checkpoint` if given). Throws naming the missing file.
VideoMae loadRunModel(const std::string& run_dir, const std::string& checkpoint = "");

/// Reads a Hugging Face VideoMAEForPreTraining folder (config.json + model.safetensors)
/// into our model: the inverse of exportHuggingFace. Throws naming a missing or
/// mis-shaped key.
VideoMae importHuggingFace(const std::string& dir, bool allow_extra = false);

/// Writes the three files into `dir` (created if needed).
void exportHuggingFace(VideoMae& model, const std::string& dir);

/// The classification head of a fine-tuned model: fc_norm over mean-pooled tokens, then a
/// linear classifier.
struct ClassifierHead {
  torch::Tensor fc_norm_weight, fc_norm_bias, weight, bias;
};

/// A new head as VideoMAE initialises it (fc_norm identity, classifier x 0.001).
ClassifierHead freshClassifierHead(int dim, int labels);

/// Encoder-only keys (no decoder, no videomae.layernorm) plus fc_norm and classifier:
/// HF's VideoMAEForVideoClassification with use_mean_pooling=true.
std::vector<std::pair<std::string, torch::Tensor>> huggingFaceClassifierStateDict(
    VideoMae& encoder, const ClassifierHead& head);

/// Writes a VideoMAEForVideoClassification folder (id2label from `labels`).
void exportHuggingFaceClassifier(VideoMae& encoder, const ClassifierHead& head,
                                 const std::vector<std::string>& labels, const std::string& dir);

}  // namespace pmg::training
