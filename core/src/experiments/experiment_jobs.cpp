// Experiment jobs, their folders and their state (see experiment_jobs.h).
#include "pmg/experiments/experiment_jobs.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "pmg/base/durable_file.h"
#include "pmg/config/config_error.h"
#include "pmg/config/videomae_config.h"
#include "pmg/runs/run_dir.h"
#include "pmg/runs/run_status.h"

namespace fs = std::filesystem;

namespace pmg {
inline namespace experiments {

namespace {

/// "layer_decay" -> "--layer-decay".
std::string flagOf(const std::string& key) {
  std::string flag = "--" + key;
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

/// A JSON number or string as a command-line value.
std::string valueOf(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  std::ostringstream s;
  s << v.get<double>();
  return s.str();
}

/// Options as flags; booleans are bare flags when true and left out when false.
void appendOptions(std::vector<std::string>& args, const nlohmann::json& options) {
  for (const auto& [key, value] : options.items()) {
    if (value.is_boolean()) {
      if (value.get<bool>()) args.push_back(flagOf(key));
      continue;
    }
    args.push_back(flagOf(key));
    args.push_back(valueOf(value));
  }
}

/// From scratch: the model the cell's pre-training would have built.
void appendModelShape(std::vector<std::string>& args, const nlohmann::json& train) {
  args.insert(args.end(), {"--model", train.value("model", std::string("tiny"))});
  const auto shape = train.value("model_overrides", nlohmann::json::object());
  for (const ModelField& f : modelFields())  // the shape flags `pmg finetune` takes
    if (*f.flag && shape.contains(f.key)) args.insert(args.end(), {f.flag, valueOf(shape[f.key])});
}

nlohmann::json jobToJson(const ExperimentJob& j) {
  const char* kinds[] = {"dataset", "pretrain", "evaluate"};
  return {{"id", j.id},
          {"kind", kinds[int(j.kind)]},
          {"cell", j.cell},
          {"protocol", j.protocol},
          {"per_class", j.per_class},
          {"seed", j.seed},
          {"depends", j.depends},
          {"args", j.args}};
}

ExperimentJob jobFromJson(const nlohmann::json& j) {
  ExperimentJob job;
  job.id = j.at("id");
  const std::string kind = j.at("kind");
  job.kind = kind == "dataset"    ? ExperimentJobKind::Dataset
             : kind == "pretrain" ? ExperimentJobKind::Pretrain
                                  : ExperimentJobKind::Evaluate;
  job.cell = j.value("cell", std::string());
  job.protocol = j.value("protocol", std::string());
  job.per_class = j.value("per_class", 0);
  job.seed = j.value("seed", uint64_t(0));
  job.depends = j.value("depends", std::vector<std::string>());
  job.args = j.value("args", std::vector<std::string>());
  return job;
}

/// `path` relative to the working directory of the planning command, made absolute.
std::string absolutePath(const std::string& path) {
  return fs::absolute(path).lexically_normal().string();
}

double nowUnix() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::vector<ExperimentJob> experimentJobs(const Experiment& e, const std::string& dir) {
  std::vector<ExperimentJob> jobs;
  std::string dataset = e.downstream.dataset;
  std::vector<std::string> dataset_dep;
  if (dataset != "motion" && fs::path(dataset).is_relative())
    dataset = absolutePath(dataset);  // jobs may run elsewhere
  if (dataset == "motion") {
    ExperimentJob make;
    make.id = "motion";
    make.kind = ExperimentJobKind::Dataset;
    dataset = dir + "/motion";
    make.args = {"make-motion-dataset", "--out", dataset};
    auto options = e.downstream.motion_dataset;
    if (options.contains("backgrounds"))  // jobs may run elsewhere
      options["backgrounds"] = absolutePath(options["backgrounds"].get<std::string>());
    appendOptions(make.args, options);
    jobs.push_back(make);
    dataset_dep = {make.id};
  }
  for (const auto& cell : e.cells) {
    const std::string cell_dir = "cells/" + experimentDirName(cell.name);
    // One pre-training for the cell, or one per downstream seed (pretrain.per_seed).
    const auto pretrainId = [&](uint64_t seed) {
      return cell_dir + (e.pretrain_per_seed ? "/pretrain-s" + std::to_string(seed) : "/pretrain");
    };
    if (!cell.scratch) {
      const std::vector<uint64_t> seeds =
          e.pretrain_per_seed ? e.downstream.seeds : std::vector<uint64_t>{0};
      for (uint64_t seed : seeds) {
        ExperimentJob pre;
        pre.id = pretrainId(seed);
        pre.kind = ExperimentJobKind::Pretrain;
        pre.cell = cell.name;
        pre.seed = seed;
        pre.args = {"train", "--preset",         dir + "/" + cell_dir + "/pretrain-preset.json",
                    "--out", dir + "/" + pre.id, "--no-stdin"};
        if (e.pretrain_per_seed) pre.args.insert(pre.args.end(), {"--seed", std::to_string(seed)});
        jobs.push_back(pre);
      }
    }
    for (const auto& protocol : e.downstream.protocols)
      for (int k : e.downstream.per_class)
        for (uint64_t seed : e.downstream.seeds) {
          ExperimentJob ev;
          ev.kind = ExperimentJobKind::Evaluate;
          ev.cell = cell.name;
          ev.protocol = protocol;
          ev.per_class = k;
          ev.seed = seed;
          ev.id =
              cell_dir + "/" + protocol + "-k" + std::to_string(k) + "-s" + std::to_string(seed);
          ev.depends = dataset_dep;
          ev.args = {protocol, "--dataset",          dataset, "--per-class",    std::to_string(k),
                     "--seed", std::to_string(seed), "--out", dir + "/" + ev.id};
          if (cell.scratch) {
            appendModelShape(ev.args, cell.pretrain_preset.at("train"));
          } else {
            ev.depends.push_back(pretrainId(seed));
            ev.args.insert(ev.args.end(), {"--run", dir + "/" + pretrainId(seed)});
          }
          appendOptions(ev.args, e.downstream.options.at(protocol));
          jobs.push_back(ev);
        }
  }
  return jobs;
}

void writeExperimentPlan(const Experiment& e, const std::vector<ExperimentJob>& jobs,
                         const std::string& dir) {
  nlohmann::json record = {{"experiment", e.resolved}, {"scale", e.scale}};
  const auto existing = readJsonOrNull(dir + "/experiment.json");
  if (!existing.is_null() && existing != record) {
    const auto patch = nlohmann::json::diff(existing, record);
    const std::string first = patch.empty() ? "" : patch[0].value("path", std::string());
    throw ConfigError(
        "experiment: " + dir + " holds a different experiment (first difference at '" + first +
        "'); give a new --out, or delete " + dir + "/experiment.json to re-plan it there");
  }
  fs::create_directories(dir + "/logs");
  for (const auto& cell : e.cells) {
    const std::string cell_dir = dir + "/cells/" + experimentDirName(cell.name);
    fs::create_directories(cell_dir);
    if (!cell.scratch)
      writeFileDurable(cell_dir + "/pretrain-preset.json", cell.pretrain_preset.dump(2) + "\n");
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& j : jobs) list.push_back(jobToJson(j));
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : e.cells)
    cells.push_back({{"name", c.name},
                     {"variants", c.variants},
                     {"scratch", c.scratch},
                     {"overrides", c.overrides}});
  nlohmann::json axes = nlohmann::json::array();
  for (const auto& a : e.axes) axes.push_back(a.name);
  writeFileDurable(dir + "/jobs.json",
                   nlohmann::json{{"axes", axes}, {"cells", cells}, {"jobs", list}}.dump(2) + "\n");
  if (existing.is_null()) writeFileDurable(dir + "/experiment.json", record.dump(2) + "\n");
}

std::vector<ExperimentJob> readExperimentJobs(const std::string& dir) {
  const auto plan = readJsonOrNull(dir + "/jobs.json");
  if (plan.is_null())
    throw ConfigError(dir + " is not an experiment directory (no readable jobs.json)");
  std::vector<ExperimentJob> jobs;
  for (const auto& j : plan.at("jobs")) jobs.push_back(jobFromJson(j));
  return jobs;
}

std::string jobStateName(JobState state) {
  switch (state) {
    case JobState::Pending:
      return "pending";
    case JobState::Running:
      return "running";
    case JobState::Interrupted:
      return "interrupted";
    case JobState::Failed:
      return "failed";
    case JobState::Done:
      return "done";
  }
  return "?";
}

std::string jobRecordPath(const std::string& dir, const ExperimentJob& job) {
  return dir + "/logs/" + experimentDirName(job.id) + ".json";
}

std::string jobLogPath(const std::string& dir, const ExperimentJob& job) {
  return dir + "/logs/" + experimentDirName(job.id) + ".log";
}

void recordJobStart(const std::string& dir, const ExperimentJob& job, int pid) {
  fs::create_directories(dir + "/logs");
  const auto before = readJsonOrNull(jobRecordPath(dir, job));  // earlier launches' time is kept
  const double earlier = before.is_object() ? before.value("wall_s", 0.0) : 0.0;
  writeFileDurable(
      jobRecordPath(dir, job),
      nlohmann::json{{"pid", pid}, {"start", nowUnix()}, {"wall_s", earlier}}.dump() + "\n");
}

void recordJobEnd(const std::string& dir, const ExperimentJob& job, int exit_code) {
  auto record = readJsonOrNull(jobRecordPath(dir, job));
  if (!record.is_object()) record = nlohmann::json::object();
  record["end"] = nowUnix();
  record["exit_code"] = exit_code;
  record["wall_s"] = record.value("wall_s", 0.0) + record["end"].get<double>() -
                     record.value("start", record["end"].get<double>());
  writeFileDurable(jobRecordPath(dir, job), record.dump() + "\n");
}

JobProgress jobProgress(const std::string& dir, const ExperimentJob& job) {
  JobProgress p;
  const std::string folder = dir + "/" + job.id;
  const auto record = readJsonOrNull(jobRecordPath(dir, job));
  const bool launched = record.is_object() && record.contains("pid");
  const bool live = launched && !record.contains("end") && processAlive(record["pid"].get<int>());
  if (launched) p.wall_s = record.value("wall_s", 0.0);
  const int exit_code = launched ? record.value("exit_code", 0) : 0;
  const auto failed_or = [&](JobState otherwise) {
    if (live) return JobState::Running;
    if (exit_code != 0) {
      p.detail = "exit code " + std::to_string(exit_code) + "; see " + jobLogPath(dir, job);
      return JobState::Failed;
    }
    return otherwise;
  };
  switch (job.kind) {
    case ExperimentJobKind::Dataset:
      if (fs::exists(folder + "/classes.txt") && fs::exists(folder + "/testlist.txt")) {
        p.state = JobState::Done;
        p.fraction = 1.0;
      } else {
        p.state = failed_or(fs::exists(folder) ? JobState::Interrupted : JobState::Pending);
      }
      break;
    case ExperimentJobKind::Pretrain: {
      const RunStatus status = readRunStatus(folder, 0);
      const auto config = readJsonOrNull(folder + "/config.json");
      const long total = config.is_object() ? config["train"].value("steps", 0L) : 0L;
      if (total > 0 && status.step >= 0) {
        p.fraction = std::min(1.0, double(status.step) / double(total));
        p.detail = "step " + std::to_string(status.step) + "/" + std::to_string(total);
      }
      if (status.state == RunState::Finished) {
        p.state = JobState::Done;
        p.fraction = 1.0;
      } else if (status.state == RunState::Running) {
        p.state = JobState::Running;
      } else {
        p.state = failed_or(config.is_object() ? JobState::Interrupted : JobState::Pending);
      }
      break;
    }
    case ExperimentJobKind::Evaluate: {
      const auto results = readJsonOrNull(folder + "/results.json");
      if (results.is_object()) {
        p.state = JobState::Done;
        p.fraction = 1.0;
        std::ostringstream s;
        s.precision(3);
        s << "top-1 " << 100.0 * results.value("top1", 0.0) << "%";
        p.detail = s.str();
      } else {
        const auto events = readJsonLines(folder + "/events.jsonl");
        if (!events.empty())
          p.detail = "epoch " + std::to_string(events.back().value("epoch", 0) + 1);
        p.state = failed_or(fs::exists(folder) ? JobState::Interrupted : JobState::Pending);
      }
      break;
    }
  }
  return p;
}

std::vector<std::string> jobCommand(const std::string& dir, const ExperimentJob& job) {
  if (job.kind == ExperimentJobKind::Pretrain) {
    const std::string folder = dir + "/" + job.id;
    if (fs::exists(folder + "/config.json") && fs::exists(folder + "/checkpoints/latest"))
      return {"train", "--resume", folder, "--no-stdin"};
  }
  return job.args;
}

}  // namespace experiments
}  // namespace pmg
