#include "pmg/media/image_source.h"

#include <filesystem>
#include <stdexcept>

#include "pmg/media/video_io.h"

namespace pmg {
inline namespace media {

LoadedImage FileImageSource::load(long i, Rng&) {
  return loadImageRgb(files_.at(size_t(i)));
}

std::string FileImageSource::describe() const {
  return std::to_string(files_.size()) + " image file(s)";
}

LoadedImage VideoFrameSource::load(long i, Rng& rng) {
  return readRandomVideoFrame(videos_.at(size_t(i)), rng);
}

std::string VideoFrameSource::describe() const {
  return std::to_string(videos_.size()) + " video file(s), one random frame each (PMG-Aug)";
}

std::unique_ptr<ImageSource> openFileSource(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<SkippedPath> skipped;
    auto images = listImageFiles(path, &skipped);
    if (!images.empty()) {
      auto source = std::make_unique<FileImageSource>(std::move(images));
      source->setListingProblems(std::move(skipped));
      return source;
    }
    skipped.clear();
    auto videos = listVideoFiles(path, &skipped);
    if (!videos.empty()) {
      auto source = std::make_unique<VideoFrameSource>(std::move(videos));
      source->setListingProblems(std::move(skipped));
      return source;
    }
    throw std::runtime_error("source folder '" + path + "' holds no image or video file");
  }
  if (!std::filesystem::exists(path, ec))
    throw std::runtime_error("source '" + path + "' does not exist");
  if (hasVideoExtension(path))
    return std::make_unique<VideoFrameSource>(std::vector<std::string>{path});
  return std::make_unique<FileImageSource>(std::vector<std::string>{path});
}

}  // namespace media
}  // namespace pmg
