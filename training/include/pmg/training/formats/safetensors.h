// safetensors files (Hugging Face's format): 8-byte header length, JSON header
// with dtype/shape/offsets, then the tensor bytes. Include from training sources only.
#pragma once
#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pmg::training {

/// Writes tensors (F32, BF16, F16, I64; made contiguous, CPU) with `metadata` under
/// "__metadata__" (e.g. {"format": "pt"}). Written to a temp file, then renamed.
void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

/// Reads every tensor of a safetensors file. Throws naming the file on a bad header.
std::map<std::string, torch::Tensor> readSafetensors(
    const std::string& path, std::map<std::string, std::string>* metadata = nullptr);

}  // namespace pmg::training
