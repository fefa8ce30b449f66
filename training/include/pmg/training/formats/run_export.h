// Torch-free entry point for exporting a run (used by the CLI).
#pragma once
#include <string>

namespace pmg::training {

/// Loads the run's model (latest checkpoint unless `checkpoint` is given) and writes
/// model.safetensors, config.json and preprocessor_config.json for Hugging Face into `out_dir`:
/// VideoMAEForPreTraining, or with `classifier_labels` > 0 the encoder alone as
/// VideoMAEForVideoClassification with a fresh head of that many labels.
void exportRunToHuggingFace(const std::string& run_dir, const std::string& checkpoint,
                            const std::string& out_dir, int classifier_labels = 0);

/// Imports a Hugging Face VideoMAEForPreTraining folder as a run directory (config.json +
/// checkpoints/step-0000000) that `pmg reconstruct`, `finetune` and `export-hf` accept.
void importHuggingFaceToRun(const std::string& hf_dir, const std::string& run_dir,
                            bool allow_extra = false);

}  // namespace pmg::training
