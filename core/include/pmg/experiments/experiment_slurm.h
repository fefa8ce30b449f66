// `pmg experiment run --slurm`: the experiment as Slurm job arrays instead of local
// processes. Stage 1 (dataset and pre-trainings) and stage 2 (evaluations, after stage 1
// succeeded) are arrays whose task i runs line i of a job list through `pmg experiment
// job`; a last job rebuilds the report. submit.sh submits the three with dependencies.
#pragma once
#include <string>
#include <vector>

#include "pmg/experiments/experiment_jobs.h"

namespace pmg {
inline namespace experiments {

/// Resources asked of Slurm per array task.
struct SlurmOptions {
  std::string pmg;        ///< absolute path of the pmg binary on the cluster
  std::string partition;  ///< "" = the cluster's default
  std::string time = "24:00:00";
  std::string account;             ///< "" = the user's default account
  std::string qos;                 ///< "" = the default quality of service
  std::vector<std::string> extra;  ///< more #SBATCH options, each "--name" or "--name=value"
  int gpus_per_task = 1;           ///< 0 = CPU-only tasks
  int cpus_per_task = 8;
};

/// Checks every option against its grammar (time [D-]HH:MM:SS and Slurm's other forms;
/// partition, account, QOS as names; extra flags as --name[=value]); throws
/// std::invalid_argument naming the option and the value, so nothing can add a second
/// option or a shell command to a #SBATCH line.
void validateSlurmOptions(const SlurmOptions& options);

/// Writes dir/slurm/{pretrain.sbatch, evaluate.sbatch, report.sbatch, submit.sh, *.jobs};
/// returns the paths written (the options are validated first). Nothing is submitted.
std::vector<std::string> writeSlurmScripts(const std::string& dir,
                                           const std::vector<ExperimentJob>& jobs,
                                           const SlurmOptions& options);

}  // namespace experiments
}  // namespace pmg
