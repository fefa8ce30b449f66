// Multi-threaded, bounded-prefetch producer of training batches: a weighted mix of
// sources (paper Table 9), PMG clips from still images or real clips from videos (the
// plain-VideoMAE baseline), horizontal flip and batch mixing. Batch `step` is a pure
// function of (seed, step), whatever the thread timing, so resume stays exact.
// Torch-free header.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pmg/base/clip.h"
#include "pmg/config/pmg_config.h"
#include "pmg/media/image_source.h"
#include "pmg/motion/batch_mix.h"
#include "pmg/motion/motion_program.h"

namespace pmg::training {

/// One entry of the source mix.
struct WeightedSource {
  ImageSource* source = nullptr;    ///< still images for PMG (unused for real videos)
  std::vector<std::string> videos;  ///< real video files: clips are read, not generated
  double weight = 1.0;
  std::string name;
};

/// One clip of a batch as the loader delivers it: finished pixels, or (device PMG) what the
/// training device needs to render them.
struct LoaderItem {
  Clip clip;                ///< the finished clip (CPU PMG, real videos); empty when pending
  MotionProgram program;    ///< the motion (PMG clips; pending ones are rendered from it)
  bool has_motion = false;  ///< program is this clip's motion (false: a real video clip)
  cv::Mat source, donor;    ///< pending: canonical squares (donor: CutMix's second image)
  bool flip = false;        ///< mirrored horizontally (pending: after rendering)
  bool pending() const { return clip.empty(); }
};

/// A batch in step order, and its batch-mixing decisions.
struct LoaderBatch {
  std::vector<LoaderItem> items;
  BatchMix mix_kind = BatchMix::None;
  std::vector<MixRecord> mix;  ///< the decisions (empty: no mixing)
  bool mix_applied = false;    ///< true when the CPU mixed the clips already
  /// The finished clips, moved out (CPU PMG: every item).
  std::vector<Clip> takeClips();
};

/// Loader settings.
struct LoaderOptions {
  int batch = 8;
  int workers = 2;       ///< producer threads (0: next() builds each batch when called)
  int prefetch = 2;      ///< batches produced ahead of the consumer
  bool flip = true;      ///< horizontal flip with probability 0.5 per clip
  int video_stride = 4;  ///< frame stride for real video clips
  int shard = 0;         ///< data-parallel rank: this loader makes slice `shard` ...
  int shards = 1;        ///< ... of a global batch of batch * shards clips
  /// Device PMG: still-image clips are prepared (program, source, donor, flip) instead of
  /// rasterized, and batch mixing is drawn instead of applied; use nextBatch().
  bool render_on_device = false;
};

/// Produces batches in step order on background threads.
class ClipLoader {
 public:
  ClipLoader(PmgConfig pmg, std::vector<WeightedSource> sources, uint64_t seed,
             LoaderOptions options, int first_step = 0);
  ~ClipLoader();
  ClipLoader(const ClipLoader&) = delete;
  ClipLoader& operator=(const ClipLoader&) = delete;

  /// The batch of the next step (blocks until ready); rethrows a producer's error. CPU PMG
  /// only (throws std::logic_error with render_on_device).
  std::vector<Clip> next();
  /// The next step's batch as items (pending ones with render_on_device) and mix decisions.
  LoaderBatch nextBatch();
  /// Seconds the last next() waited.
  double lastWaitSeconds() const { return last_wait_s_; }
  /// Builds the batch of `step` on the calling thread. CPU PMG only, like next().
  std::vector<Clip> makeBatch(int step) const;
  /// Builds the batch of `step` on the calling thread (what the workers run).
  LoaderBatch makeLoaderBatch(int step) const;
  /// Items found unreadable since the last call ("path: reason"), each named once per
  /// run; the loader used other items in their place.
  std::vector<std::string> takeNewSkips();
  /// Builds item `sample` of the loader's stream (batches are made of these, in order).
  LoaderItem makeItem(long sample) const;

 private:
  void noteSkip(const std::string& item, const std::string& reason) const;
  void work();
  PmgConfig pmg_;
  std::vector<WeightedSource> sources_;
  uint64_t seed_;
  LoaderOptions options_;
  int next_to_make_, next_to_take_;
  bool stop_ = false;
  std::exception_ptr error_;
  std::map<int, LoaderBatch> ready_;
  mutable std::set<std::string> skipped_;
  mutable std::vector<std::string> new_skips_;
  mutable std::mutex mutex_;
  std::condition_variable produced_, consumed_;
  std::vector<std::thread> workers_;
  double last_wait_s_ = 0.0;
};

}  // namespace pmg::training
