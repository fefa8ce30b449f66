// `pmg experiment run|plan|status|report|job`: the paper's ablations from one file
// (docs/experiments.md). The runs are ordinary `pmg train` / `pmg finetune` / `pmg probe`
// run directories, started as separate processes (experiment_launcher) or as Slurm arrays.
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "experiment_launcher.h"
#include "pmg/base/stop_request.h"
#include "pmg/config/pmg_config.h"
#include "pmg/experiments/experiment_compare.h"
#include "pmg/experiments/experiment_jobs.h"
#include "pmg/experiments/experiment_results.h"
#include "pmg/experiments/experiment_slurm.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_guard.h"
#include "pmg/training/pretrain/trainer.h"
#include "validators.h"

namespace fs = std::filesystem;

namespace pmg::cli {

namespace {

/// Checks a cell's "train" object the way `pmg train` will read it.
void validateTrain(const nlohmann::json& train) {
  const auto o = training::trainOptionsFromJson(train);
  if (o.pmg_config.is_object())
    pmgConfigFromJson(o.pmg_config);
  else
    presetConfig(o.pmg_preset);
}

struct RunCli {
  std::string file, out, scale, gpus, partition, account, qos, time = "24:00:00";
  std::vector<std::string> slurm_extra, reuse_pretrainings;
  int parallel = 1, threads = 0, cpus_per_task = 8, gpus_per_task = 1;
  bool slurm = false;
};

std::vector<int> parseGpuList(const std::string& list) {
  std::vector<int> gpus;
  std::stringstream s(list);
  for (std::string item; std::getline(s, item, ',');) {
    try {
      gpus.push_back(std::stoi(item));
    } catch (const std::exception&) {
      throw ConfigError("--gpus: '" + item + "' is not a GPU index (e.g. --gpus 0,1)");
    }
  }
  return gpus;
}

extern "C" void onPlanningSignal(int) {
  stopRequest().store(true);  // a lock-free atomic store: async-signal-safe
}

/// Plans DIR (writes experiment.json, jobs.json, presets) and returns its jobs.
std::vector<ExperimentJob> plan(const std::string& file, const std::string& scale,
                                const std::string& dir) {
  // SIGINT/SIGTERM while planning: Interrupted before anything is written (exit 130).
  std::signal(SIGINT, onPlanningSignal);
  std::signal(SIGTERM, onPlanningSignal);
  enterPhase("planning");
  const Experiment e = loadExperimentFile(file, scale, validateTrain);
  const auto jobs = experimentJobs(e, dir);
  checkStop("planning " + dir + " (nothing written)");
  writeExperimentPlan(e, jobs, dir);
  std::cerr << "pmg experiment: " << e.cells.size() << " cells"
            << (e.scale.empty() ? "" : " at scale " + e.scale) << ", " << jobs.size() << " jobs -> "
            << dir << "\n";
  return jobs;
}

int run(const RunCli& c) {
  const std::string dir = fs::absolute(c.out).lexically_normal().string();
  // An experiment directory is never a training run (its config and checkpoints would mix).
  refuseRunDir(dir, "pmg experiment run", "choose another --out for the experiment");
  SlurmOptions s;
  if (c.slurm) {  // checked before anything is planned or written
    s.pmg = fs::read_symlink("/proc/self/exe").string();
    s.partition = c.partition;
    s.account = c.account;
    s.qos = c.qos;
    s.extra = c.slurm_extra;
    s.time = c.time;
    s.cpus_per_task = c.cpus_per_task;
    s.gpus_per_task = c.gpus_per_task;
    validateSlurmOptions(s);
  }
  if (const std::string holder = runLockHolder(dir); !holder.empty())
    throw RunDirError(dir + " is being written by " + holder +
                      "; stop that runner first (Ctrl-C, or SIGTERM to its pid)");
  const auto jobs = plan(c.file, c.scale, dir);
  if (c.slurm) {
    {
      const RunLock lock(dir, "pmg experiment run --slurm");
      reusePretrainings(dir, jobs, c.reuse_pretrainings);
    }
    for (const auto& path : writeSlurmScripts(dir, jobs, s)) std::cout << path << "\n";
    std::cerr << "pmg experiment: nothing started; submit with bash " << dir
              << "/slurm/submit.sh (running it again resumes)\n";
    return 0;
  }
  LaunchOptions l;
  l.parallel = c.parallel;
  l.threads = c.threads;
  l.reuse_pretrainings = c.reuse_pretrainings;
  if (!c.gpus.empty()) l.gpus = parseGpuList(c.gpus);
  return runExperimentJobs(dir, l);
}

/// Seconds as "1h05m" / "4m10s" / "12s".
std::string duration(double s) {
  const long t = long(s + 0.5);
  std::ostringstream o;
  if (t >= 3600)
    o << t / 3600 << "h" << (t % 3600) / 60 << "m";
  else if (t >= 60)
    o << t / 60 << "m" << t % 60 << "s";
  else
    o << t << "s";
  return o.str();
}

int status(const std::string& dir, bool as_json) {
  const auto jobs = readExperimentJobs(dir);
  nlohmann::json list = nlohmann::json::array();
  std::map<ExperimentJobKind, std::pair<double, int>> wall;  // finished: total s, count
  std::vector<JobProgress> progress;
  for (const auto& j : jobs) {
    progress.push_back(jobProgress(dir, j));
    const auto& p = progress.back();
    if (p.state == JobState::Done && p.wall_s > 0) {
      wall[j.kind].first += p.wall_s;
      wall[j.kind].second += 1;
    }
  }
  int parallel = 1;
  if (std::ifstream f(dir + "/logs/runner.json"); f) {
    try {
      parallel = std::max(1, nlohmann::json::parse(f).value("parallel", 1));
    } catch (const nlohmann::json::exception&) {
    }
  }
  std::map<JobState, int> counts;
  double remaining = 0;
  bool eta_known = true;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const auto& p = progress[i];
    ++counts[p.state];
    if (p.state != JobState::Done) {
      const auto w = wall.find(jobs[i].kind);
      if (w == wall.end())
        eta_known = false;
      else
        remaining += w->second.first / w->second.second * (1.0 - p.fraction);
    }
    list.push_back({{"id", jobs[i].id},
                    {"state", jobStateName(p.state)},
                    {"fraction", p.fraction},
                    {"detail", p.detail},
                    {"wall_s", p.wall_s}});
  }
  const int done = counts[JobState::Done];
  if (as_json) {
    std::cout << dumpJson({{"jobs", list},
                           {"done", done},
                           {"total", jobs.size()},
                           {"eta_s", eta_known ? nlohmann::json(remaining / parallel) : nullptr}},
                          2)
              << "\n";
    return 0;
  }
  for (size_t i = 0; i < jobs.size(); ++i)
    std::printf("%-12s %5.0f%%  %-48s %s\n", jobStateName(progress[i].state).c_str(),
                100.0 * progress[i].fraction, jobs[i].id.c_str(), progress[i].detail.c_str());
  std::printf("\n%d/%zu done, %d running, %d interrupted, %d failed, %d pending; ETA %s\n", done,
              jobs.size(), counts[JobState::Running], counts[JobState::Interrupted],
              counts[JobState::Failed], counts[JobState::Pending],
              done == int(jobs.size()) ? "-"
              : eta_known              ? ("about " + duration(remaining / parallel) + " at " +
                             std::to_string(parallel) + " at a time")
                                .c_str()
                          : "unknown until one job of each kind has finished");
  return 0;
}

int report(const std::string& dir) {
  const auto r = writeExperimentReport(dir);
  std::cout << dir << "/results.csv (" << r.rows << " evaluations)\n" << dir << "/summary.md\n";
  for (const auto& f : r.figures) std::cout << f << "\n";
  for (const auto& a : r.agreements) {  // the rank correlation against the file's reference
    const auto& g = a.agreement;
    std::cout << std::fixed << std::setprecision(2) << "rank agreement " << a.protocol << " vs "
              << a.column << " (" << a.cells.size() << " cells): Spearman " << g.spearman << " ["
              << g.spearman_lo << ", " << g.spearman_hi << "], Kendall " << g.kendall << " ["
              << g.kendall_lo << ", " << g.kendall_hi << "]\n";
  }
  return 0;
}

/// Runs one job in the foreground (a Slurm array task); resumes like `run`.
int job(const std::string& dir, const std::string& id, int threads) {
  for (const auto& j : readExperimentJobs(dir)) {
    if (j.id != id) continue;
    if (jobProgress(dir, j).state == JobState::Done) {
      std::cerr << "pmg experiment job: " << id << " is already done\n";
      return 0;
    }
    return waitExperimentJob(dir, j, startExperimentJob(dir, j, threads, -1));
  }
  throw ConfigError(dir + " has no job '" + id + "' (see pmg experiment status)");
}

}  // namespace

void registerExperiment(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "experiment", "Ablations from one file: pre-train per cell, fine-tune/probe, tables, plots");
  cmd->require_subcommand(1);
  auto r = std::make_shared<RunCli>();
  auto* run_cmd = cmd->add_subcommand(
      "run", "Plan and run (or resume) an experiment; finished runs are skipped");
  run_cmd->add_option("file", r->file, "Experiment file (JSON; see assets/experiments)")
      ->required();
  run_cmd->add_option("--out", r->out, "Experiment directory")->required();
  run_cmd->add_option("--scale", r->scale, "Scale from the file's \"scales\" (tiny-cpu, paper)");
  run_cmd->add_option("--parallel", r->parallel, "CPU: jobs at once")
      ->capture_default_str()
      ->check(between(1, 1024));
  run_cmd->add_option("--threads", r->threads, "Threads per job (0 = cores / parallel)")
      ->check(between(0, 1024));
  run_cmd->add_option("--gpus", r->gpus, "One job per GPU, e.g. 0,1,2,3");
  run_cmd
      ->add_option("--reuse-pretrainings", r->reuse_pretrainings,
                   "Repeatable: an experiment directory whose finished pre-trainings with the same "
                   "preset and seed are copied in instead of trained again")
      ->check(CLI::ExistingDirectory);
  run_cmd->add_flag("--slurm", r->slurm,
                    "Write Slurm array scripts and submit.sh instead of running anything");
  run_cmd->add_option("--slurm-partition", r->partition, "Slurm partition");
  run_cmd->add_option("--slurm-account", r->account, "Slurm account");
  run_cmd->add_option("--slurm-qos", r->qos, "Slurm quality of service");
  run_cmd->add_option("--slurm-extra", r->slurm_extra,
                      "Repeatable: one more #SBATCH option, --name or --name=value");
  run_cmd->add_option("--slurm-time", r->time, "Slurm time limit per task")->capture_default_str();
  run_cmd->add_option("--slurm-cpus", r->cpus_per_task, "CPUs per Slurm task")
      ->capture_default_str()
      ->check(between(1, 4096));
  run_cmd->add_option("--slurm-gpus", r->gpus_per_task, "GPUs per Slurm task (0 = CPU)")
      ->capture_default_str()
      ->check(between(0, 64));
  run_cmd->callback([&action, r] { action = [r] { return run(*r); }; });

  auto plan_args = std::make_shared<std::array<std::string, 3>>();
  auto* plan_cmd =
      cmd->add_subcommand("plan", "Validate a file and print its cells and jobs as JSON");
  plan_cmd->add_option("file", (*plan_args)[0], "Experiment file")->required();
  plan_cmd->add_option("--scale", (*plan_args)[1], "Scale");
  plan_cmd->callback([&action, plan_args] {
    action = [plan_args] {
      const Experiment e = loadExperimentFile((*plan_args)[0], (*plan_args)[1], validateTrain);
      nlohmann::json cells = nlohmann::json::array();
      for (const auto& c : e.cells)
        cells.push_back({{"name", c.name}, {"scratch", c.scratch}, {"overrides", c.overrides}});
      const auto jobs = experimentJobs(e, "DIR");
      std::cout << dumpJson({{"scale", e.scale}, {"cells", cells}, {"jobs", jobs.size()}}, 2)
                << "\n";
      return 0;
    };
  });

  auto dir = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* status_cmd = cmd->add_subcommand("status", "Progress and ETA of an experiment directory");
  status_cmd->add_option("dir", *dir, "Experiment directory")->required();
  status_cmd->add_flag("--json", *as_json, "As JSON");
  status_cmd->callback(
      [&action, dir, as_json] { action = [dir, as_json] { return status(*dir, *as_json); }; });
  auto* report_cmd = cmd->add_subcommand(
      "report", "Rebuild results.csv, summary.md and figures/ from what has finished");
  report_cmd->add_option("dir", *dir, "Experiment directory")->required();
  report_cmd->callback([&action, dir] { action = [dir] { return report(*dir); }; });
  auto compared = std::make_shared<std::vector<std::string>>();
  auto compare_out = std::make_shared<std::string>();
  auto* compare_cmd = cmd->add_subcommand(
      "compare",
      "Several reported experiments side by side by their rank agreement with the reference "
      "(e.g. the scales of a proxy study): compare.md, compare.json, rank-*.png");
  compare_cmd->add_option("dirs", *compared, "Experiment directories (after `report`)")
      ->required()
      ->expected(1, -1);
  compare_cmd->add_option("--out", *compare_out, "Folder for the comparison")->required();
  compare_cmd->callback([&action, compared, compare_out] {
    action = [compared, compare_out] {
      const auto agreements = readComparedAgreements(*compared);
      for (const auto& path : writeExperimentComparison(*compared, *compare_out))
        std::cerr << "wrote " << path << "\n";
      std::cout << comparisonMarkdown(agreements);
      return 0;
    };
  });
  auto id = std::make_shared<std::string>();
  auto threads = std::make_shared<int>(0);
  auto* job_cmd = cmd->add_subcommand("job", "Run one job of an experiment (Slurm array tasks)");
  job_cmd->add_option("dir", *dir, "Experiment directory")->required();
  job_cmd->add_option("--id", *id, "Job id (a line of slurm/*.jobs)")->required();
  job_cmd->add_option("--threads", *threads, "Threads (0 = the job's own setting)")
      ->check(between(0, 1024));
  job_cmd->callback([&action, dir, id, threads] {
    action = [dir, id, threads] { return job(*dir, *id, *threads); };
  });
}

}  // namespace pmg::cli
