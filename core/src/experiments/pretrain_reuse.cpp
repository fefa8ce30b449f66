// Reusing finished pre-trainings of other experiments (see pretrain_reuse.h).
#include "pmg/experiments/pretrain_reuse.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "pmg/config/config_error.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"

namespace fs = std::filesystem;

namespace pmg {
inline namespace experiments {

namespace {

/// The value after `flag` in `args`, or "" when it is absent.
std::string argAfter(const std::vector<std::string>& args, const std::string& flag) {
  const auto it = std::find(args.begin(), args.end(), flag);
  return it != args.end() && it + 1 != args.end() ? *(it + 1) : std::string();
}

/// Copies a finished run folder to `to` (written beside it, then renamed), without its lock.
void copyRun(const fs::path& from, const fs::path& to) {
  const fs::path partial = to.string() + ".reusing";
  fs::remove_all(partial);
  fs::create_directories(partial);
  for (const auto& entry : fs::directory_iterator(from)) {
    if (entry.path().filename() == fs::path(runLockPath(from.string())).filename()) continue;
    fs::copy(entry.path(), partial / entry.path().filename(),
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  fs::rename(partial, to);
}

}  // namespace

std::string pretrainIdentity(const std::string& dir, const ExperimentJob& job) {
  if (job.kind != ExperimentJobKind::Pretrain) return "";
  // writeExperimentPlan puts each cell's preset beside its pre-trainings.
  auto preset =
      readJsonOrNull(dir + "/" + fs::path(job.id).parent_path().string() + "/pretrain-preset.json");
  if (!preset.is_object()) return "";
  preset.erase("description");
  return preset.dump() + " seed=" + argAfter(job.args, "--seed");
}

std::vector<ReusedPretraining> reuseFinishedPretrainings(const std::string& dir,
                                                         const std::vector<ExperimentJob>& jobs,
                                                         const std::vector<std::string>& sources) {
  // Every finished, unwritten pre-training of the sources, by identity; the first one wins.
  std::map<std::string, std::string> finished;
  for (const auto& source : sources) {
    const std::string src = fs::absolute(source).lexically_normal().string();
    if (src == fs::absolute(dir).lexically_normal().string())
      throw ConfigError("--reuse-pretrainings " + source + " is this experiment's own directory");
    for (const auto& job : readExperimentJobs(src)) {
      const std::string folder = src + "/" + job.id;
      if (job.kind != ExperimentJobKind::Pretrain || !runLockHolder(folder).empty() ||
          jobProgress(src, job).state != JobState::Done)
        continue;
      finished.emplace(pretrainIdentity(src, job), folder);
    }
  }
  std::vector<ReusedPretraining> reused;
  for (const auto& job : jobs) {
    const std::string folder = dir + "/" + job.id;
    if (job.kind != ExperimentJobKind::Pretrain || fs::exists(folder)) continue;
    const auto match = finished.find(pretrainIdentity(dir, job));
    if (match == finished.end() || match->first.empty()) continue;
    copyRun(match->second, folder);
    fs::create_directories(dir + "/logs");
    std::ofstream(jobLogPath(dir, job), std::ios::app)
        << "==== " << std::time(nullptr) << ": reused the finished pre-training " << match->second
        << " (same preset and seed)\n";
    reused.push_back({job.id, match->second});
  }
  return reused;
}

}  // namespace experiments
}  // namespace pmg
