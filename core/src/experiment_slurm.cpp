// Slurm array scripts for an experiment (see experiment_slurm.h).
#include "pmg/experiment_slurm.h"

#include <filesystem>
#include <sstream>

#include "pmg/durable_file.h"

namespace fs = std::filesystem;

namespace pmg {

namespace {

/// A word quoted for bash.
std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// The #SBATCH header shared by the scripts.
std::string header(const std::string& name, const std::string& dir, const SlurmOptions& o,
                   bool gpu) {
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "#SBATCH --job-name=" << name << "\n"
    << "#SBATCH --time=" << o.time << "\n"
    << "#SBATCH --cpus-per-task=" << o.cpus_per_task << "\n";
  if (gpu && o.gpus_per_task > 0) s << "#SBATCH --gpus-per-task=" << o.gpus_per_task << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  s << "#SBATCH --output=" << dir << "/logs/slurm-%x-%A_%a.out\n";
  return s.str();
}

/// An array script: task i runs job i of `list`.
std::string arrayScript(const std::string& name, const std::string& dir, const std::string& list,
                        size_t count, const SlurmOptions& o) {
  std::ostringstream s;
  s << header(name, dir, o, true) << "#SBATCH --array=0-" << count - 1 << "\n"
    << "set -euo pipefail\n"
    << "id=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" " << quoted(list) << ")\n"
    << "exec " << quoted(o.pmg) << " experiment job " << quoted(dir) << " --id \"$id\"\n";
  return s.str();
}

}  // namespace

std::vector<std::string> writeSlurmScripts(const std::string& dir,
                                           const std::vector<ExperimentJob>& jobs,
                                           const SlurmOptions& o) {
  const std::string out = dir + "/slurm";
  fs::create_directories(out);
  fs::create_directories(dir + "/logs");
  std::string stage1, stage2;
  size_t n1 = 0, n2 = 0;
  for (const auto& j : jobs) {
    if (j.kind == ExperimentJobKind::Evaluate) {
      stage2 += j.id + "\n";
      ++n2;
    } else {
      stage1 += j.id + "\n";
      ++n1;
    }
  }
  std::vector<std::string> written;
  const auto write = [&](const std::string& name, const std::string& text) {
    writeFileDurable(out + "/" + name, text);
    written.push_back(out + "/" + name);
  };
  std::ostringstream submit;
  submit << "#!/bin/bash\n# Submits this experiment: pre-trainings, then evaluations, then the "
            "report.\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\ndeps=\"\"\n";
  if (n1 > 0) {
    write("pretrain.jobs", stage1);
    write("pretrain.sbatch", arrayScript("pmg-pretrain", dir, out + "/pretrain.jobs", n1, o));
    submit
        << "pre=$(sbatch --parsable pretrain.sbatch)\ndeps=\"--dependency=afterok:${pre%%;*}\"\n";
  }
  if (n2 > 0) {
    write("evaluate.jobs", stage2);
    write("evaluate.sbatch", arrayScript("pmg-evaluate", dir, out + "/evaluate.jobs", n2, o));
    submit << "eval=$(sbatch --parsable $deps evaluate.sbatch)\n"
              "deps=\"--dependency=afterany:${eval%%;*}\"\n";
  }
  SlurmOptions light = o;
  light.cpus_per_task = 1;
  light.time = "00:30:00";
  write("report.sbatch", header("pmg-report", dir, light, false) + "set -euo pipefail\nexec " +
                             quoted(o.pmg) + " experiment report " + quoted(dir) + "\n");
  submit << "sbatch $deps report.sbatch\n";
  write("submit.sh", submit.str());
  fs::permissions(out + "/submit.sh", fs::perms::owner_exec | fs::perms::group_exec,
                  fs::perm_options::add);
  return written;
}

}  // namespace pmg
