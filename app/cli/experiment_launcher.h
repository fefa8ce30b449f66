// Running an experiment's jobs as separate `pmg` processes: a fixed number at a time on
// the CPU, or one per listed GPU, dependencies first, finished jobs skipped, interrupted
// pre-trainings resumed from their checkpoints. Each job's output goes to logs/<id>.log.
#pragma once
#include <string>
#include <vector>

#include "pmg/experiments/experiment_jobs.h"

namespace pmg::cli {

/// How many jobs run at once and where.
struct LaunchOptions {
  int parallel = 1;       ///< CPU: processes at once
  std::vector<int> gpus;  ///< non-empty: one job per GPU (CUDA_VISIBLE_DEVICES)
  int threads = 0;        ///< intra-op threads per job (0 = cores / parallel)
  std::vector<std::string> reuse_pretrainings;  ///< experiment dirs whose finished runs are copied
};

/// Copies in the finished pre-trainings of `sources` that `dir`'s jobs would repeat
/// (pretrain_reuse.h) and says which; the caller holds `dir`'s lock.
void reusePretrainings(const std::string& dir, const std::vector<ExperimentJob>& jobs,
                       const std::vector<std::string>& sources);

/// Starts `job` now (its folder cleared first unless it resumes) with stdout and stderr
/// appended to its log; records the start. `gpu` >= 0 pins it to that GPU. Returns the pid.
int startExperimentJob(const std::string& dir, const ExperimentJob& job, int threads, int gpu);

/// Waits for `pid` (a started job) and records its exit code, which it returns.
int waitExperimentJob(const std::string& dir, const ExperimentJob& job, int pid);

/// Runs every job of experiment dir `dir` that is not done; returns 0 when all are done,
/// 1 when some failed (their dependants are skipped), 130 when interrupted by a signal.
int runExperimentJobs(const std::string& dir, const LaunchOptions& options);

}  // namespace pmg::cli
