// Sources of still images for PMG: image folders, single files, frames of videos.
// Other modules add more (the shader library in render/).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "pmg/base/rng.h"
#include "pmg/media/image_io.h"

namespace pmg {
inline namespace media {

/// A finite, indexable set of source images. load() must be thread-safe.
class ImageSource {
 public:
  virtual ~ImageSource() = default;
  /// Number of items.
  virtual long size() const = 0;
  /// Stable identifier of item i (file path, shader name, ...), for manifests.
  virtual std::string itemName(long i) const = 0;
  /// Loads item i as RGB uint8; `rng` drives any randomness (e.g. which video frame).
  virtual LoadedImage load(long i, Rng& rng) = 0;
  /// One-line description for logs.
  virtual std::string describe() const = 0;
  /// Entries found when the source was listed that it cannot use (named and counted by
  /// the commands that report skipped inputs).
  const std::vector<SkippedPath>& listingProblems() const { return listing_problems_; }
  void setListingProblems(std::vector<SkippedPath> problems) {
    listing_problems_ = std::move(problems);
  }

 private:
  std::vector<SkippedPath> listing_problems_;
};

/// Image files (a list, a folder, or a single file).
class FileImageSource : public ImageSource {
 public:
  explicit FileImageSource(std::vector<std::string> files) : files_(std::move(files)) {}
  long size() const override { return long(files_.size()); }
  std::string itemName(long i) const override { return files_.at(size_t(i)); }
  LoadedImage load(long i, Rng& rng) override;
  std::string describe() const override;

 private:
  std::vector<std::string> files_;
};

/// A random frame of each video (PMG-Aug, paper Sec. 4.4).
class VideoFrameSource : public ImageSource {
 public:
  explicit VideoFrameSource(std::vector<std::string> videos) : videos_(std::move(videos)) {}
  long size() const override { return long(videos_.size()); }
  std::string itemName(long i) const override { return videos_.at(size_t(i)); }
  LoadedImage load(long i, Rng& rng) override;
  std::string describe() const override;

 private:
  std::vector<std::string> videos_;
};

/// Builds a file-based source from a path: an image file, a video file (PMG-Aug),
/// or a folder (images, or videos if it holds no image). Throws with a clear reason.
std::unique_ptr<ImageSource> openFileSource(const std::string& path);

}  // namespace media
}  // namespace pmg
