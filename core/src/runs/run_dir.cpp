#include "pmg/runs/run_dir.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace pmg {
inline namespace runs {

void RunDir::create() const {
  for (const auto& p : {root, checkpoints(), snapshots(), tensorboard()})
    std::filesystem::create_directories(p);
}

std::string dumpJson(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void appendJsonLine(const std::string& path, nlohmann::json event) {
  event["schema"] = kEventsSchema;
  std::ofstream f(path, std::ios::app);
  if (!f) throw std::runtime_error("cannot append to " + path);
  f << dumpJson(event) << '\n';
  f.flush();
  // Events are the record of a run: one that cannot be written stops the run.
  if (!f) throw std::runtime_error("cannot write an event to " + path + " (disk full?)");
}

nlohmann::json readJsonOrNull(const std::string& path) {
  std::ifstream f(path);
  if (!f) return nullptr;
  nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

std::vector<nlohmann::json> readJsonLines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (f.eof()) break;  // no trailing newline: the writer is mid-line
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

}  // namespace runs
}  // namespace pmg
