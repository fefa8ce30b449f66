#include "training_sources.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "pmg/media/image_io.h"
#include "source_factory.h"

namespace pmg::cli {

training::SourceSpec parseSourceSpec(const std::string& text, bool real_video) {
  training::SourceSpec s;
  s.spec = text;
  s.real_video = real_video;
  if (text.empty() || text.front() == ':')
    throw std::runtime_error("empty source spec '" + text +
                             "': give a folder, a .glsl file, library, generated@N, ...");
  const auto colon = text.rfind(':');
  if (colon != std::string::npos && colon + 1 < text.size()) {
    char* end = nullptr;
    const double w = std::strtod(text.c_str() + colon + 1, &end);
    if (end && *end == '\0') {
      if (!std::isfinite(w) || w < 0 || w > 1e9)
        throw std::runtime_error("invalid source weight in '" + text +
                                 "': need a finite number between 0 and 1e9");
      s.spec = text.substr(0, colon);
      s.weight = w;
    }
  }
  return s;
}

std::vector<training::WeightedSource> openSources(
    const std::vector<training::SourceSpec>& specs,
    std::vector<std::unique_ptr<ImageSource>>& owners) {
  std::vector<training::WeightedSource> out;
  for (const auto& s : specs) {
    training::WeightedSource w;
    w.weight = s.weight;
    w.name = s.spec;
    std::vector<SkippedPath> skipped;
    if (s.real_video) {
      w.videos = std::filesystem::is_directory(s.spec) ? listVideoFiles(s.spec, &skipped)
                                                       : std::vector<std::string>{s.spec};
      if (w.videos.empty()) throw std::runtime_error("no video file in '" + s.spec + "'");
    } else {
      owners.push_back(openSource(s.spec, 256));
      w.source = owners.back().get();
      skipped = w.source->listingProblems();
    }
    // Real-video listings are named here; image sources' listing problems are named by the
    // loader, in the log and in the first step's event.
    if (s.real_video)
      for (const auto& p : skipped)
        std::cerr << "pmg train: skipped " << p.path << ": " << p.reason << "\n";
    if (!skipped.empty())
      std::cerr << "pmg train: source " << s.spec << ": " << skipped.size() << " entr"
                << (skipped.size() == 1 ? "y" : "ies") << " skipped\n";
    out.push_back(w);
  }
  return out;
}

}  // namespace pmg::cli
