#include "pmg/training/formats/checkpoint.h"

#include "pmg/runs/run_guard.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pmg/base/durable_file.h"
#include "pmg/media/clip_writer.h"
#include "pmg/training/formats/safetensors.h"

namespace fs = std::filesystem;

namespace pmg::training {

namespace {

std::string stepName(int step) {
  char name[32];
  std::snprintf(name, sizeof(name), "step-%07d", step);
  return name;
}

/// The step of a checkpoint folder name "step-N" (any number of digits), or -1.
long long stepOfName(const std::string& name) {
  if (name.rfind("step-", 0) != 0 || name.size() == 5 || name.size() > 5 + 18) return -1;
  long long step = 0;
  for (size_t i = 5; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    step = step * 10 + (name[i] - '0');
  }
  return step;
}

/// Checkpoint directories (step-N) sorted by step number, oldest first: names are
/// zero-padded to 7 digits, so past step 9,999,999 text order would be wrong.
std::vector<fs::path> checkpointDirs(const std::string& dir) {
  std::vector<std::pair<long long, fs::path>> found;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const long long step = stepOfName(e.path().filename().string());
    if (step >= 0 && e.is_directory(ec)) found.emplace_back(step, e.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

}  // namespace

namespace {

/// Writes the checkpoint's files into `dir` (weights, trainer state, state.json), each durably.
void writeCheckpointFiles(torch::nn::Module& model, torch::optim::Optimizer* optimizer,
                          const torch::Generator* mask_rng, const TrainerState& state,
                          const fs::path& dir) {
  std::vector<std::pair<std::string, torch::Tensor>> weights;
  for (const auto& p : model.named_parameters())
    weights.emplace_back(p.key(), p.value().detach().to(torch::kCPU));
  writeSafetensors((dir / "model.safetensors").string(), weights);
  if (optimizer || mask_rng) {
    torch::serialize::OutputArchive archive;
    if (optimizer) {
      torch::serialize::OutputArchive opt;
      optimizer->save(opt);
      archive.write("optimizer", opt);
    }
    if (mask_rng) archive.write("mask_rng", mask_rng->get_state());
    // Serialised in memory, written by us: a full disk is an error, not an abort in LibTorch.
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileDurable((dir / "trainer.pt").string(), bytes.str());
  }
  nlohmann::json info = state.info.is_object() ? state.info : nlohmann::json::object();
  info["step"] = state.step;
  info["format"] = 1;
  writeFileDurable((dir / "state.json").string(), info.dump(2) + "\n");
}

}  // namespace

std::string saveCheckpoint(torch::nn::Module& model, torch::optim::Optimizer* optimizer,
                           const torch::Generator* mask_rng, const TrainerState& state,
                           const std::string& checkpoints_dir, int keep) {
  const fs::path final_dir = fs::path(checkpoints_dir) / stepName(state.step);
  const fs::path tmp = final_dir.string() + ".tmp";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  try {
    fs::create_directories(tmp);
    writeCheckpointFiles(model, optimizer, mask_rng, state, tmp);
    fs::remove_all(final_dir);
    fs::rename(tmp, final_dir);  // the checkpoint appears complete or not at all
    syncDirectory(checkpoints_dir);
    writeFileDurable(checkpoints_dir + "/latest", final_dir.filename().string() + "\n");
  } catch (const std::exception& e) {
    fs::remove_all(tmp, ec);
    std::string latest;
    try {
      latest = latestCheckpoint(checkpoints_dir);
    } catch (const std::exception&) {
    }
    throw std::runtime_error("checkpoint " + final_dir.string() + " was not written (" + e.what() +
                             "); the last good checkpoint is " +
                             (latest.empty() ? std::string("none") : latest) + ", unchanged");
  }
  auto all = checkpointDirs(checkpoints_dir);
  for (size_t i = 0; keep > 0 && i + size_t(keep) < all.size(); ++i) fs::remove_all(all[i], ec);
  return final_dir.string();
}

std::string latestCheckpoint(const std::string& checkpoints_dir) {
  std::ifstream f(checkpoints_dir + "/latest");
  std::string name;
  if (f >> name) {
    // `latest` names a folder of this run: anything else (../, an absolute path) is refused.
    if (stepOfName(name) < 0)
      throw std::runtime_error(checkpoints_dir + "/latest names '" + name +
                               "', which is not a checkpoint of this run (step-N); refusing to "
                               "load it");
    if (fs::exists(fs::path(checkpoints_dir) / name / "model.safetensors")) {
      // A step folder that is a link, or resolves into another run, is refused by name.
      requireInsideRun(checkpoints_dir,
                       (fs::path(checkpoints_dir) / name / "model.safetensors").string());
      return (fs::path(checkpoints_dir) / name).string();
    }
  }
  const auto all = checkpointDirs(checkpoints_dir);  // `latest` lost: the newest complete one
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (fs::exists(*it / "model.safetensors")) {
      requireInsideRun(checkpoints_dir, (*it / "model.safetensors").string());
      return it->string();
    }
  if (fs::exists(checkpoints_dir + "/latest.pt")) return checkpoints_dir + "/latest.pt";
  return "";
}

void loadWeights(torch::nn::Module& model, const std::string& checkpoint) {
  if (!fs::exists(checkpoint)) throw std::runtime_error("no checkpoint at " + checkpoint);
  if (fs::path(checkpoint).extension() == ".pt") {  // legacy archive: {"model": module}
    torch::serialize::InputArchive archive, model_archive;
    archive.load_from(checkpoint);
    archive.read("model", model_archive);
    model.load(model_archive);
    return;
  }
  const std::string file =
      fs::is_directory(checkpoint) ? checkpoint + "/model.safetensors" : checkpoint;
  const auto tensors = readSafetensors(file);
  torch::NoGradGuard no_grad;
  for (auto& p : model.named_parameters()) {
    const auto it = tensors.find(p.key());
    if (it == tensors.end())
      throw std::runtime_error(file + ": parameter '" + p.key() + "' is missing");
    if (it->second.sizes() != p.value().sizes())
      throw std::runtime_error(file + ": parameter '" + p.key() + "' has shape " +
                               c10::str(it->second.sizes()) + ", the model expects " +
                               c10::str(p.value().sizes()));
    p.value().copy_(it->second.to(p.value().dtype()));
  }
}

TrainerState loadTrainerState(torch::optim::Optimizer& optimizer, torch::Generator& mask_rng,
                              const std::string& checkpoint) {
  TrainerState state;
  torch::serialize::InputArchive archive;
  if (fs::path(checkpoint).extension() == ".pt") {  // legacy: everything in one archive
    archive.load_from(checkpoint);
    torch::Tensor step;
    archive.read("step", step);
    state.step = int(step.item<int64_t>());
  } else {
    std::ifstream f(checkpoint + "/state.json");
    if (!f) throw std::runtime_error("checkpoint " + checkpoint + " has no state.json");
    state.info = nlohmann::json::parse(f);
    state.step = state.info.at("step").get<int>();
    archive.load_from(checkpoint + "/trainer.pt");
  }
  torch::serialize::InputArchive opt;
  archive.read("optimizer", opt);
  optimizer.load(opt);
  torch::Tensor rng;
  archive.read("mask_rng", rng);
  mask_rng.set_state(rng);
  return state;
}

}  // namespace pmg::training
