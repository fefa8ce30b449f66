// Local scheduling of experiment jobs (see experiment_launcher.h).
#include "experiment_launcher.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "pmg/base/durable_file.h"
#include "pmg/base/subprocess.h"
#include "pmg/experiments/experiment_results.h"
#include "pmg/experiments/pretrain_reuse.h"
#include "pmg/runs/run_guard.h"
#include "pmg/runs/run_status.h"

namespace fs = std::filesystem;

namespace pmg::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int) {
  g_interrupted = 1;
}

/// SIGINT/SIGTERM set the flag and interrupt waitpid (no SA_RESTART).
void installInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool hasArg(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

/// Records this runner (for status and ETA); the caller holds the directory's lock.
void recordRunner(const std::string& dir, int parallel) {
  const std::string path = dir + "/logs/runner.json";
  fs::create_directories(dir + "/logs");
  writeFileDurable(path, nlohmann::json{{"pid", int(getpid())},
                                        {"parallel", parallel},
                                        {"start", double(std::time(nullptr))}}
                                 .dump() +
                             "\n");
}

/// Records that this runner ended (start kept); returns the seconds it ran.
double releaseRunner(const std::string& dir, int parallel) {
  double start = double(std::time(nullptr));
  if (std::ifstream f(dir + "/logs/runner.json"); f) {
    const auto r = nlohmann::json::parse(f, nullptr, false);
    if (r.is_object()) start = r.value("start", start);
  }
  const double end = double(std::time(nullptr));
  writeFileDurable(
      dir + "/logs/runner.json",
      nlohmann::json{{"pid", int(getpid())}, {"parallel", parallel}, {"start", start}, {"end", end}}
              .dump() +
          "\n");
  return end - start;
}

/// Waits until no job folder is written by a survivor of an earlier runner (its jobs got
/// SIGTERM when it died and are checkpointing); a signal to this runner ends the wait.
void waitForSurvivingWriters(const std::string& dir, const std::vector<ExperimentJob>& jobs) {
  for (const auto& j : jobs) {
    const std::string folder = dir + "/" + j.id;
    bool said = false;
    for (std::string holder = runLockHolder(folder); !holder.empty() && !g_interrupted;
         holder = runLockHolder(folder)) {
      if (!said)
        std::cerr << "pmg experiment: waiting for " << holder << " to finish with " << j.id
                  << " (a job of an earlier runner)\n";
      said = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

/// The last lines of a job's log, for a failure message.
std::string logTail(const std::string& path, size_t lines) {
  std::ifstream f(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(f, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += "    " + all[i] + "\n";
  return out;
}

}  // namespace

void reusePretrainings(const std::string& dir, const std::vector<ExperimentJob>& jobs,
                       const std::vector<std::string>& sources) {
  if (sources.empty()) return;
  const auto reused = reuseFinishedPretrainings(dir, jobs, sources);
  for (const auto& r : reused) std::cerr << "  reused " << r.job_id << " from " << r.source << "\n";
  size_t pretrainings = 0;
  for (const auto& j : jobs) pretrainings += j.kind == ExperimentJobKind::Pretrain;
  std::cerr << "pmg experiment: " << reused.size() << " of " << pretrainings
            << " pre-trainings reused from " << sources.size() << " experiment(s)\n";
}

int startExperimentJob(const std::string& dir, const ExperimentJob& job, int threads, int gpu) {
  std::vector<std::string> args = jobCommand(dir, job);
  const bool resumes = hasArg(args, "--resume");
  const std::string folder = dir + "/" + job.id;
  // Never a second writer: a job folder still written by someone is not touched.
  refuseWhileWritten(folder);
  if (!resumes && fs::exists(folder)) fs::remove_all(folder);  // a partial, unresumable start
  if (job.kind != ExperimentJobKind::Dataset && threads > 0 && !hasArg(args, "--threads"))
    args.insert(args.end(), {"--threads", std::to_string(threads)});
  if (gpu >= 0 && job.kind == ExperimentJobKind::Pretrain && !hasArg(args, "--device"))
    args.insert(args.end(), {"--device", "cuda"});
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  const std::string log = jobLogPath(dir, job);
  fs::create_directories(fs::path(log).parent_path());
  {
    std::ofstream header(log, std::ios::app);
    header << "==== " << std::time(nullptr) << ": pmg";
    for (const auto& a : args) header << " " << a;
    header << (gpu >= 0 ? " (GPU " + std::to_string(gpu) + ")" : "") << "\n";
  }
  // The job dies with its runner: SIGTERM (pre-trainings checkpoint) when the runner is gone,
  // however it ended; it stays in the runner's process group.
  SpawnOptions o;
  o.executable = exe;
  o.argv = {exe};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.in = ChildStream::Null;
  o.out = ChildStream::AppendToFile;
  o.log_file = log;
  if (gpu >= 0) o.env = {{"CUDA_VISIBLE_DEVICES", std::to_string(gpu)}};
  o.die_with_parent = true;
  o.default_signals = true;
  const pid_t pid = Subprocess::spawn(o).pid();  // waited for by waitExperimentJob
  recordJobStart(dir, job, int(pid));
  return int(pid);
}

int waitExperimentJob(const std::string& dir, const ExperimentJob& job, int pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = exitCodeOf(status);
  recordJobEnd(dir, job, code);
  return code;
}

namespace {

/// The runner's bookkeeping while it runs an experiment's jobs: what is done, failed or
/// started, and which process runs which job (on which GPU).
class JobQueue {
 public:
  JobQueue(const std::string& dir, const std::vector<ExperimentJob>& jobs, const LaunchOptions& o,
           int slots, int threads)
      : dir_(dir), jobs_(jobs), o_(o), slots_(slots), threads_(threads) {
    for (const auto& j : jobs_)
      if (jobProgress(dir_, j).state == JobState::Done) done_.insert(j.id);
  }

  /// Starts jobs whose dependencies are done while slots are free; skips (as failed) those
  /// whose dependencies failed.
  void startReady() {
    for (size_t i = 0; i < jobs_.size() && int(running_.size()) < slots_ && !g_interrupted; ++i) {
      const auto& j = jobs_[i];
      if (done_.count(j.id) || started_.count(i)) continue;
      if (anyDependencyFailed(j)) {
        failed_.insert(j.id);
        started_.insert(i);
        std::cerr << "  skipped " << j.id << ": a job it needs failed\n";
        continue;
      }
      if (!std::all_of(j.depends.begin(), j.depends.end(),
                       [&](const std::string& d) { return done_.count(d) > 0; }))
        continue;
      const int gpu = freeGpu();
      const bool resumes = jobCommand(dir_, j) != j.args;
      const int pid = startExperimentJob(dir_, j, threads_, gpu);
      running_[pid] = i;
      if (gpu >= 0) gpu_of_[pid] = gpu;
      started_.insert(i);
      std::cerr << "  " << (resumes ? "resuming " : "started ") << j.id << "\n";
    }
  }

  /// Waits for one of the running jobs to end and records how it ended (returns early when a
  /// signal interrupts the wait).
  void reapOne() {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) return;  // EINTR: the caller checks the flag
    const auto it = running_.find(int(pid));
    if (it == running_.end()) return;
    const auto& j = jobs_[it->second];
    const int code = exitCodeOf(status);
    recordJobEnd(dir_, j, code);
    running_.erase(it);
    gpu_of_.erase(int(pid));
    const JobProgress p = jobProgress(dir_, j);
    if (code == 0 && p.state == JobState::Done) {
      done_.insert(j.id);
      std::cerr << "  [" << done_.size() << "/" << jobs_.size() << "] done " << j.id << " ("
                << std::fixed << std::setprecision(1) << p.wall_s << " s"
                << (p.detail.empty() ? "" : ", " + p.detail) << ")\n";
      if (j.kind == ExperimentJobKind::Evaluate) writeExperimentReport(dir_);
    } else {
      failed_.insert(j.id);
      std::cerr << "  FAILED " << j.id << " (exit code " << code << "); last lines of "
                << jobLogPath(dir_, j) << ":\n"
                << logTail(jobLogPath(dir_, j), 6);
    }
  }

  /// Stops the running jobs (pre-trainings checkpoint first) and waits for them.
  void stopRunning() {
    std::cerr << "pmg experiment: interrupted; stopping " << running_.size()
              << " running jobs (pre-trainings checkpoint first)\n";
    for (const auto& [pid, i] : running_) kill(pid, SIGTERM);
    for (const auto& [pid, i] : running_) waitExperimentJob(dir_, jobs_[i], pid);
  }

  /// Whether a job runs now.
  bool anyRunning() const { return !running_.empty(); }
  /// How many jobs are done.
  size_t doneCount() const { return done_.size(); }
  /// How many jobs failed or were skipped.
  size_t failedCount() const { return failed_.size(); }

 private:
  bool anyDependencyFailed(const ExperimentJob& j) const {
    return std::any_of(j.depends.begin(), j.depends.end(),
                       [&](const std::string& d) { return failed_.count(d) > 0; });
  }

  /// A GPU of --gpus that no running job uses, or -1 (CPU runs, or none free).
  int freeGpu() const {
    for (int g : o_.gpus)
      if (std::none_of(gpu_of_.begin(), gpu_of_.end(), [g](auto& p) { return p.second == g; }))
        return g;
    return -1;
  }

  const std::string& dir_;
  const std::vector<ExperimentJob>& jobs_;
  const LaunchOptions& o_;
  const int slots_, threads_;
  std::set<std::string> done_, failed_;
  std::map<int, size_t> running_;  // pid -> job index
  std::map<int, int> gpu_of_;      // pid -> GPU
  std::set<size_t> started_;
};

}  // namespace

int runExperimentJobs(const std::string& dir, const LaunchOptions& o) {
  const auto jobs = readExperimentJobs(dir);
  const int slots = o.gpus.empty() ? std::max(1, o.parallel) : int(o.gpus.size());
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = o.threads > 0 ? o.threads : std::max(1, cores / slots);
  const RunLock lock(dir, "pmg experiment run");  // one runner per experiment directory
  recordRunner(dir, slots);
  installInterruptHandlers();
  waitForSurvivingWriters(dir, jobs);
  reusePretrainings(dir, jobs, o.reuse_pretrainings);
  JobQueue queue(dir, jobs, o, slots, threads);
  std::cerr << "pmg experiment: " << jobs.size() << " jobs, " << queue.doneCount()
            << " already done; " << slots << (o.gpus.empty() ? " at a time" : " GPUs") << ", "
            << threads << " threads each; logs in " << dir << "/logs\n";
  while (!g_interrupted) {
    queue.startReady();
    if (!queue.anyRunning()) break;
    queue.reapOne();
  }
  if (g_interrupted) queue.stopRunning();
  const auto report = writeExperimentReport(dir);
  const double wall = releaseRunner(dir, slots);
  std::cerr << "pmg experiment: " << queue.doneCount() << "/" << jobs.size() << " jobs done in "
            << long(wall) / 60 << "m" << long(wall) % 60 << "s, " << queue.failedCount()
            << " failed or skipped; " << report.rows << " evaluations in " << dir
            << "/results.csv and summary.md\n";
  if (g_interrupted) return 130;
  return queue.failedCount() == 0 && queue.doneCount() == jobs.size() ? 0 : 1;
}

}  // namespace pmg::cli
