// The policy of `pmg render`: which program draws image i of a synthetic image dataset and
// what is recorded about it. Image i depends only on (source, seed, i), so shards and resumed
// runs render the same images. Shader sources (library, generated, a user's file or folder):
// generated and user shaders are judged in a separate worker process first (a shader that
// hangs is killed and skipped), the library is trusted; a refused or failing shader is named
// once and image i falls to the next usable shader, so --count images are delivered while
// one shader works. FractalDB and VisualAtom: category i % categories, instance i / categories.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>

namespace pmg::render {

/// The image sides `pmg render` accepts (also the GUI's Render dialog).
constexpr int kMinImageSize = 8, kMaxImageSize = 8192;

/// What to render.
struct ImageDatasetOptions {
  std::string source = "library";  ///< library | generated | fractaldb | visualatom | FILE | DIR
  long count = 64;                 ///< images over all shards
  int size = 256;
  uint64_t seed = 0;
  long shard = 0, shards = 1;
  long categories = 0;             ///< fractaldb / visualatom: 0 = count / 10
  double max_relative_cost = 0.0;  ///< generated programs: cost bound vs the reference (0 = none)
  double slow_warn_ms = 0.0;       ///< user shaders: warn above this per probe draw
  double watchdog_s = 0.0;         ///< a single draw stopped after this long (worker)
};

/// One image and its manifest line; `rgb` is empty when no program could draw it.
struct DatasetImage {
  cv::Mat rgb;            ///< RGB uint8, size x size
  nlohmann::json record;  ///< program/family/time or category/instance/parameters, seed
};

/// Renders the images of a dataset one index at a time.
class ImageDataset {
 public:
  /// Loads the shaders or prepares the procedural source; throws std::runtime_error when a
  /// shader source holds no shader. `on_verdict` receives each program judgement (a line of
  /// programs-*.jsonl); `on_note` each warning or skip, named once.
  ImageDataset(const ImageDatasetOptions& options,
               std::function<void(const nlohmann::json&)> on_verdict = {},
               std::function<void(const std::string&)> on_note = {});
  ~ImageDataset();
  ImageDataset(const ImageDataset&) = delete;
  ImageDataset& operator=(const ImageDataset&) = delete;

  /// Image `index` (0 <= index < count). Throws when 500 generated programs in a row fail.
  DatasetImage render(long index);

  /// Programs skipped or refused so far, by reason ("compile", "timeout", ...).
  const std::map<std::string, long>& rejected() const;

  /// True for fractaldb and visualatom (no GL context needed).
  static bool isProcedural(const std::string& source);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pmg::render
