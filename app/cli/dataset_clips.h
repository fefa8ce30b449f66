// Clips of a dataset folder for `pmg stats DIR`: what `pmg generate` wrote (.npy or .mp4 clips
// with their JSON manifests, whose "stats" hold the exact-motion measures) or labelled videos
// (UCF101, HMDB51, the motion dataset), whose motion is unknown.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pmg/base/clip.h"

namespace pmg::cli {

/// Clip files under `dir` (recursive, sorted): .npy clips (not flow or visibility arrays) and
/// videos. Throws naming `dir` when it is not a folder.
std::vector<std::string> datasetClipFiles(const std::string& dir);

/// One clip of a dataset and the manifest's exact-motion "stats" (null when there is none).
struct DatasetClip {
  Clip clip;
  nlohmann::json manifest_stats;
};

/// Reads `path`: a (T, H, W, 3) uint8 .npy as it is, a video as `frames` frames every second
/// frame with the short side at `size`. Throws std::runtime_error naming the file when it
/// cannot be read.
DatasetClip readDatasetClip(const std::string& path, int frames, int size);

}  // namespace pmg::cli
