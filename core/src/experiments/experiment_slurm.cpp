// Slurm array scripts for an experiment (see experiment_slurm.h).
#include "pmg/experiments/experiment_slurm.h"

#include <filesystem>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "pmg/base/durable_file.h"
#include "pmg/config/config_error.h"

namespace fs = std::filesystem;

namespace pmg {
inline namespace experiments {

namespace {

/// A word quoted for bash.
std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Names Slurm takes for partitions, accounts and QOS: letters, digits, _ . - and commas
/// between names; never a leading '-' (which would read as another option).
bool isSlurmName(const std::string& v) {
  static const std::regex name(
      R"([A-Za-z0-9_.]+[A-Za-z0-9_.\-]*(,[A-Za-z0-9_.]+[A-Za-z0-9_.\-]*)*)");
  return std::regex_match(v, name) && v.find("--") == std::string::npos;
}

std::invalid_argument badOption(const std::string& flag, const std::string& value,
                                const std::string& expected) {
  std::string shown;
  for (char c : value) shown += c == '\n' ? std::string("\\n") : std::string(1, c);
  return std::invalid_argument(flag + " '" + shown + "' is not " + expected);
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
  if (!o.account.empty()) s << "#SBATCH --account=" << o.account << "\n";
  if (!o.qos.empty()) s << "#SBATCH --qos=" << o.qos << "\n";
  for (const auto& e : o.extra) s << "#SBATCH " << e << "\n";
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

void validateSlurmOptions(const SlurmOptions& o) {
  // Slurm's time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
  static const std::regex time(R"((\d{1,3}-\d{1,2}(:\d{1,2}){0,2})|(\d{1,6}(:\d{1,2}){0,2}))");
  if (!std::regex_match(o.time, time))
    throw badOption("--slurm-time", o.time,
                    "a Slurm time ([D-]HH:MM:SS, e.g. 24:00:00 or 2-00:00:00)");
  const std::pair<const char*, const std::string*> names[] = {{"--slurm-partition", &o.partition},
                                                              {"--slurm-account", &o.account},
                                                              {"--slurm-qos", &o.qos}};
  for (const auto& [flag, value] : names)
    if (!value->empty() && !isSlurmName(*value))
      throw badOption(flag, *value,
                      "a Slurm name (letters, digits, _ . - and commas; no spaces, ';' or '--')");
  static const std::regex flag(R"(--[a-z][a-z0-9\-]*(=[A-Za-z0-9_.,:@%+/=\-]+)?)");
  for (const auto& e : o.extra)
    if (!std::regex_match(e, flag) || e.find("--", 2) != std::string::npos)
      throw badOption(
          "--slurm-extra", e,
          "one #SBATCH option --name or --name=value (no spaces, ';' or a second '--')");
  if (o.cpus_per_task < 1 || o.cpus_per_task > 4096)
    throw ConfigError("--slurm-cpus must be between 1 and 4096, got " +
                      std::to_string(o.cpus_per_task));
  if (o.gpus_per_task < 0 || o.gpus_per_task > 64)
    throw ConfigError("--slurm-gpus must be between 0 and 64, got " +
                      std::to_string(o.gpus_per_task));
}

std::vector<std::string> writeSlurmScripts(const std::string& dir,
                                           const std::vector<ExperimentJob>& jobs,
                                           const SlurmOptions& o) {
  validateSlurmOptions(o);
  if (dir.find_first_of(" \t\n\r;") != std::string::npos)
    throw ConfigError("--out '" + dir +
                      "': a Slurm experiment directory may not contain spaces, "
                      "newlines or ';' (it is written into #SBATCH --output lines)");
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

}  // namespace experiments
}  // namespace pmg
