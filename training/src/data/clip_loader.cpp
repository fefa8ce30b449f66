#include "pmg/training/data/clip_loader.h"

#include <chrono>
#include <opencv2/core.hpp>
#include <stdexcept>
#include <utility>

#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"
#include "pmg/media/video_io.h"
#include "pmg/motion/batch_mix.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/motion/rasterizer.h"

namespace pmg::training {

ClipLoader::ClipLoader(PmgConfig pmg, std::vector<WeightedSource> sources, uint64_t seed,
                       LoaderOptions options, int first_step)
    : pmg_(std::move(pmg)),
      sources_(std::move(sources)),
      seed_(seed),
      options_(options),
      next_to_make_(first_step),
      next_to_take_(first_step) {
  double total = 0.0;
  for (const auto& s : sources_) {
    if (!s.source && s.videos.empty())
      throw std::invalid_argument("loader source '" + s.name + "' is empty");
    if (s.weight < 0)
      throw std::invalid_argument("loader source '" + s.name + "' has a negative weight");
    total += s.weight;
  }
  if (sources_.empty() || total <= 0)
    throw std::invalid_argument("the loader needs at least one source with weight > 0");
  // What the sources' listings could not use is reported with the first batch's skips.
  for (const auto& src : sources_)
    if (src.source)
      for (const auto& p : src.source->listingProblems()) noteSkip(p.path, p.reason);
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { work(); });
}

ClipLoader::~ClipLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  consumed_.notify_all();
  for (auto& w : workers_) w.join();
}

void ClipLoader::noteSkip(const std::string& item, const std::string& reason) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (skipped_.insert(item).second) new_skips_.push_back(item + ": " + reason);
}

std::vector<std::string> ClipLoader::takeNewSkips() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(new_skips_, {});
}

LoaderItem ClipLoader::makeItem(long sample) const {
  Rng rng(streamSeed(seed_, Stream::LoaderItem), uint64_t(sample));
  double total = 0.0;
  for (const auto& s : sources_) total += s.weight;
  double u = rng.uniform() * total;
  size_t k = 0;
  while (k + 1 < sources_.size() && u >= sources_[k].weight) u -= sources_[k++].weight;
  const WeightedSource& src = sources_[k];
  LoaderItem item;
  Clip& clip = item.clip;
  bool prepared = false;  // device PMG: the item holds program and source instead of pixels
  for (long attempt = 0; clip.empty() && !prepared; ++attempt) {
    if (attempt > 50)
      throw std::runtime_error("source '" + src.name + "': 50 unreadable items in a row");
    const long id = sample * 64 + attempt;  // retries move on to other items, deterministically
    if (!src.videos.empty()) {
      ClipSampling s;
      s.frames = pmg_.frames;
      s.size = pmg_.size;
      s.stride = options_.video_stride;
      const std::string& video = src.videos[size_t(mix64(uint64_t(id)) % src.videos.size())];
      try {
        clip = readVideoClip(video, s);
      } catch (const std::exception& e) {
        clip = Clip();
        noteSkip(video, e.what());
      }
    } else if (options_.render_on_device) {
      auto p = prepareClip(pmg_, *src.source, seed_, long(mix64(uint64_t(id)) >> 1));
      if (p.ok() && !renderableOnDevice(p.program.kind)) {
        clip = rasterize(p.program, p.source, p.donor);  // painted here, shipped finished
        item.program = std::move(p.program);
        item.has_motion = true;
      } else if (p.ok()) {
        item.program = std::move(p.program);
        item.has_motion = true;
        item.source = std::move(p.source);
        item.donor = std::move(p.donor);
        prepared = true;
      } else {
        noteSkip(p.source_name, p.error);
      }
    } else {
      auto g = generateClip(pmg_, *src.source, seed_, long(mix64(uint64_t(id)) >> 1),
                            /*with_stats=*/false);
      if (g.ok()) {
        clip = std::move(g.clip);
        item.program = std::move(g.program);
        item.has_motion = true;
      } else
        noteSkip(g.source_name, g.error);
    }
  }
  if (options_.flip && rng.bernoulli(0.5)) {
    item.flip = true;  // a pending clip is flipped by the device after rendering
    for (int t = 0; t < clip.frames; ++t) {
      cv::Mat f = clip.frame(t);
      cv::flip(f, f, 1);
    }
  }
  return item;
}

LoaderBatch ClipLoader::makeLoaderBatch(int step) const {
  LoaderBatch batch;
  const long first = (long(step) * options_.shards + options_.shard) * options_.batch;
  for (int i = 0; i < options_.batch; ++i) batch.items.push_back(makeItem(first + i));
  // Mixing pairs clips within this slice (as per-GPU mixup does); one stream per slice.
  Rng rng(streamSeed(seed_, Stream::BatchMix),
          uint64_t(step) * uint64_t(options_.shards) + uint64_t(options_.shard));
  batch.mix_kind = pmg_.batch_mix;
  if (options_.render_on_device) {  // the same draws as applyBatchMix, applied on the device
    batch.mix = drawBatchMix(options_.batch, pmg_, rng);
    return batch;
  }
  std::vector<Clip> clips = batch.takeClips();
  batch.mix = applyBatchMix(clips, pmg_, rng);
  batch.mix_applied = true;
  for (size_t i = 0; i < clips.size(); ++i) batch.items[i].clip = std::move(clips[i]);
  return batch;
}

std::vector<Clip> LoaderBatch::takeClips() {
  std::vector<Clip> clips;
  for (auto& item : items) clips.push_back(std::move(item.clip));
  return clips;
}

std::vector<Clip> ClipLoader::makeBatch(int step) const {
  if (options_.render_on_device)
    throw std::logic_error("makeBatch: this loader renders on the device; use makeLoaderBatch");
  return makeLoaderBatch(step).takeClips();
}

void ClipLoader::work() {
  for (;;) {
    int step;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      consumed_.wait(lock,
                     [&] { return stop_ || next_to_make_ < next_to_take_ + options_.prefetch; });
      if (stop_) return;
      step = next_to_make_++;
    }
    try {
      auto batch = makeLoaderBatch(step);
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.emplace(step, std::move(batch));
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
    produced_.notify_all();
  }
}

LoaderBatch ClipLoader::nextBatch() {
  const auto t0 = std::chrono::steady_clock::now();
  if (workers_.empty()) {  // no background threads: build the batch here
    auto batch = makeLoaderBatch(next_to_take_++);
    last_wait_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return batch;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  produced_.wait(lock, [&] { return error_ || ready_.count(next_to_take_); });
  if (error_) std::rethrow_exception(error_);
  auto batch = std::move(ready_.at(next_to_take_));
  ready_.erase(next_to_take_++);
  lock.unlock();
  consumed_.notify_all();
  last_wait_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return batch;
}

std::vector<Clip> ClipLoader::next() {
  if (options_.render_on_device)
    throw std::logic_error("next: this loader renders on the device; use nextBatch");
  return nextBatch().takeClips();
}

}  // namespace pmg::training
