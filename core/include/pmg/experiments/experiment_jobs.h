// An experiment directory as jobs: the dataset, each cell's pre-training and each
// evaluation are ordinary `pmg` runs in their own folders. Their state is read from those
// folders (and from the launcher's records in logs/), so that `pmg experiment status`,
// resume, Slurm jobs and the GUI all agree without a server.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "pmg/experiments/experiment.h"

namespace pmg {
inline namespace experiments {

enum class ExperimentJobKind { Dataset, Pretrain, Evaluate };

/// One `pmg` process of an experiment.
struct ExperimentJob {
  std::string id;  ///< its folder relative to the experiment dir: "motion", "cells/zoom/pretrain"
  ExperimentJobKind kind = ExperimentJobKind::Evaluate;
  std::string cell;      ///< cell name ("" for the dataset)
  std::string protocol;  ///< "finetune" / "probe" for evaluations
  int per_class = 0;     ///< K (0 = all)
  uint64_t seed = 0;
  std::vector<std::string> depends;  ///< ids that must be done first
  std::vector<std::string> args;     ///< `pmg` arguments of a fresh start (absolute paths)
};

/// Jobs of an experiment whose directory is `dir` (absolute): the dataset when it is made,
/// then per cell its pre-training followed by its evaluations.
std::vector<ExperimentJob> experimentJobs(const Experiment& experiment, const std::string& dir);

/// Writes experiment.json, jobs.json and each cell's pretrain-preset.json into `dir`.
/// Refuses (naming the first difference) when `dir` holds a different experiment.
void writeExperimentPlan(const Experiment& experiment, const std::vector<ExperimentJob>& jobs,
                         const std::string& dir);

/// The jobs recorded in dir/jobs.json; throws when `dir` is not an experiment.
std::vector<ExperimentJob> readExperimentJobs(const std::string& dir);

enum class JobState { Pending, Running, Interrupted, Failed, Done };

/// "pending", "running", ...
std::string jobStateName(JobState state);

/// A job's state as its folder and launcher record show it.
struct JobProgress {
  JobState state = JobState::Pending;
  double fraction = 0.0;  ///< of the work done, 0..1
  double wall_s = 0.0;    ///< seconds it ran (finished jobs), from the launcher record
  std::string detail;     ///< e.g. "step 600/1500", "top-1 56.3%", "exit code 1"
};

/// Reads the state of `job` in experiment dir `dir`.
JobProgress jobProgress(const std::string& dir, const ExperimentJob& job);

/// The arguments that (re)start a job now: a pre-training with a checkpoint resumes from
/// it; an interrupted evaluation starts again (its folder is cleared by the launcher).
std::vector<std::string> jobCommand(const std::string& dir, const ExperimentJob& job);

/// The launcher's record of a job: dir/logs/<id>.json ({pid, start, end, exit_code}) and
/// its output in dir/logs/<id>.log.
std::string jobRecordPath(const std::string& dir, const ExperimentJob& job);
std::string jobLogPath(const std::string& dir, const ExperimentJob& job);

/// Records that the job started (pid) or ended (exit code); written atomically.
void recordJobStart(const std::string& dir, const ExperimentJob& job, int pid);
void recordJobEnd(const std::string& dir, const ExperimentJob& job, int exit_code);

}  // namespace experiments
}  // namespace pmg
