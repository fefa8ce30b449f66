#include "clip_sampling.h"

#include "pmg/base/file_kind.h"
#include "pmg/base/memory_limit.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace pmg::cli {

PmgConfig pmgConfigFromOptions(const std::string& config_file, const std::string& transform,
                               int frames, int size, const std::string& mode) {
  PmgConfig c;
  if (!config_file.empty()) {
    requireRegularFile(config_file, "PMG config");
    std::ifstream f(config_file);
    if (!f) throw std::runtime_error("cannot read config " + config_file);
    const auto j = nlohmann::json::parse(f);
    c = pmgConfigFromJson(j.contains("pmg") ? j["pmg"] : j);
  } else {
    c = presetConfig(transform);
  }
  if (frames) c.frames = frames;
  if (size) c.size = size;
  if (!mode.empty()) c.mode = parseRecursionMode(mode, "--mode");
  validate(c);
  // The clip, its previous frame and the source image: refused before any is allocated.
  requireClipBytes(clipBytes(1, c.frames + 2, c.size), "a clip of " + std::to_string(c.frames) +
                                                           " frames of " + std::to_string(c.size) +
                                                           "x" + std::to_string(c.size));
  return c;
}

ReadableClips::ReadableClips(const PmgConfig& config, ImageSource& source, uint64_t seed)
    : config_(config), source_(source), seed_(seed) {
  for (const auto& p : source.listingProblems()) {  // found when listing: named, counted
    skipped_.emplace_back(p.path, p.reason);
    std::cerr << "skipped " << p.path << ": " << p.reason << "\n";
  }
}

GeneratedClip ReadableClips::clip(long i, bool with_stats) {
  const long items = source_.size();
  GeneratedClip g;
  g.error = "no readable source item";
  for (long k = 0; k < std::max(1L, items); ++k) {
    const long item = items > 0 ? (i + k) % items : 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (unreadable_.count(item)) continue;
    }
    g = generateClip(config_, source_, seed_, i, with_stats, item);
    if (g.ok()) break;
    std::lock_guard<std::mutex> lock(mutex_);
    if (unreadable_.insert(item).second) {
      skipped_.emplace_back(g.source_name, g.error);
      std::cerr << "\nskipped " << g.source_name << ": " << g.error << "\n";
    }
  }
  return g;
}

std::vector<std::pair<std::string, std::string>> ReadableClips::skipped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return skipped_;
}

}  // namespace pmg::cli
