// The training source mix from the command line: "SPEC[:weight]" strings to opened sources.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "pmg/media/image_source.h"
#include "pmg/training/data/clip_loader.h"
#include "pmg/training/pretrain/trainer.h"

namespace pmg::cli {

/// "path:0.3" -> (path, 0.3); a suffix that is not a number stays part of the path.
training::SourceSpec parseSourceSpec(const std::string& text, bool real_video);

/// Opens every source of the mix; the returned owners keep them alive.
std::vector<training::WeightedSource> openSources(
    const std::vector<training::SourceSpec>& specs,
    std::vector<std::unique_ptr<ImageSource>>& owners);

}  // namespace pmg::cli
