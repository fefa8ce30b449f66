// `pmg bench data`: the training input pipeline alone (sources, PMG, flip, batch mixing on
// the loader's threads, then the batch's move to the device), to size the CPU side of a
// GPU run. Torch-free header.
#pragma once
#include <vector>

#include "pmg/training/data/clip_loader.h"
#include "pmg/training/pretrain/trainer.h"

namespace pmg::training {

/// Loader throughput with a given number of worker threads.
struct LoaderRate {
  int workers = 0;
  double clips_per_s = 0;
};

/// Medians per batch of the step's own (main-thread) data work.
struct DataBenchResult {
  std::vector<LoaderRate> loader;  ///< clips/s by worker count
  std::string device;              ///< where the batches go
  /// Ours: uint8 staging, transfer, conversion on the GPU (without a GPU: the staging alone,
  /// the host's share of that path).
  double staged_ms = 0;
  double host_float_ms = 0;  ///< baseline: float conversion on the host, then a float copy
  double clip_mb = 0;        ///< uint8 size of one clip
  /// GPU-resident PMG: one batch rendered on the device from its source images (upload of
  /// the sources, rasterization, mixup and the model's float layout), median ms per batch.
  double device_pmg_ms = 0;
  double source_mb = 0;  ///< uint8 size of one source image (what the device path ships)
};

/// Runs the loader of `o` (model shape, PMG, batch, flip, prefetch) over `sources` with 1, 2,
/// 4, ... up to `max_workers` threads (0 = all cores), `batches` measured batches each, and
/// times both ways of moving a batch to `o.device`.
DataBenchResult benchData(const TrainOptions& o, const std::vector<WeightedSource>& sources,
                          int batches, int max_workers);

}  // namespace pmg::training
