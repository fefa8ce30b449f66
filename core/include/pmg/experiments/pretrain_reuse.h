// Reusing finished pre-trainings of other experiment directories. A pre-training is fully
// determined by its cell's resolved preset and its seed (training is deterministic by seed),
// so experiments that differ only downstream (another motion dataset, more classes, photo
// backgrounds) or share cells (Table 3's zoom + affine is Table 4's "none") need not pay
// for it twice: `pmg experiment run --reuse-pretrainings DIR` copies the finished run in.
#pragma once
#include <string>
#include <vector>

#include "pmg/experiments/experiment_jobs.h"

namespace pmg {
inline namespace experiments {

/// What identifies a pre-training job of experiment `dir`: its preset (without the
/// description) and its seed flag, as one string; "" when `job` is not a pre-training or its
/// preset cannot be read.
std::string pretrainIdentity(const std::string& dir, const ExperimentJob& job);

/// One pre-training copied from another experiment.
struct ReusedPretraining {
  std::string job_id;  ///< the job in this experiment, e.g. "cells/zoom/pretrain-s1"
  std::string source;  ///< the finished run it was copied from
};

/// Copies into `dir` each pre-training of `jobs` that has not started there and that an
/// experiment in `sources` has finished with the same identity (the first source wins).
/// Sources being written, unfinished or different are left alone. Each copy is written
/// beside its folder and renamed into place, and noted in the job's log.
std::vector<ReusedPretraining> reuseFinishedPretrainings(const std::string& dir,
                                                         const std::vector<ExperimentJob>& jobs,
                                                         const std::vector<std::string>& sources);

}  // namespace experiments
}  // namespace pmg
