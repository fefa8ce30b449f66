// Shared by `pmg generate` and `pmg stats`: the PMG config from the command line, and clips that
// are delivered even when some source items cannot be read.
#pragma once
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pmg/config/pmg_config.h"
#include "pmg/motion/clip_generator.h"

namespace pmg::cli {

/// The config of --config FILE (its "pmg" section, or the file itself) or else of --transform
/// (a transform or preset name), with --frames / --size / --mode applied when given; validated.
PmgConfig pmgConfigFromOptions(const std::string& config_file, const std::string& transform,
                               int frames, int size, const std::string& mode);

/// Generates the clips of a run from one source, replacing unreadable items: clip i uses item
/// i mod size, or the next readable one; each unreadable item is named once on stderr and kept in
/// skipped(). Thread-safe.
class ReadableClips {
 public:
  ReadableClips(const PmgConfig& config, ImageSource& source, uint64_t seed);
  /// Clip i (with its statistics when `with_stats`); an error only when no item is readable.
  GeneratedClip clip(long i, bool with_stats);
  /// (item name, reason) of every unreadable item, listing problems first.
  std::vector<std::pair<std::string, std::string>> skipped() const;

 private:
  const PmgConfig& config_;
  ImageSource& source_;
  uint64_t seed_;
  mutable std::mutex mutex_;
  std::set<long> unreadable_;
  std::vector<std::pair<std::string, std::string>> skipped_;
};

}  // namespace pmg::cli
