#include "runs/run_monitor.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace pmg::gui {

std::vector<double> smoothEma(const std::vector<double>& values, double weight) {
  std::vector<double> out;
  double last = 0.0;
  int n = 0;
  for (double v : values) {
    last = last * weight + (1.0 - weight) * v;
    ++n;
    const double debias = 1.0 - std::pow(weight, n);
    out.push_back(debias > 0 ? last / debias : v);
  }
  return out;
}

std::vector<ConfigRow> diffRunConfigs(const std::vector<std::string>& run_dirs) {
  std::vector<nlohmann::json> flat;
  std::vector<std::string> keys;
  for (const auto& dir : run_dirs) {
    std::ifstream f(dir + "/config.json");
    auto j = f ? nlohmann::json::parse(f, nullptr, false) : nlohmann::json();
    flat.push_back(j.is_object() ? j.flatten() : nlohmann::json::object());
    for (auto it = flat.back().begin(); it != flat.back().end(); ++it) keys.push_back(it.key());
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<ConfigRow> rows;
  for (const auto& key : keys) {
    ConfigRow row{key, {}};
    for (const auto& f : flat) row.values.push_back(f.contains(key) ? f[key].dump() : "");
    const bool differs = std::any_of(row.values.begin(), row.values.end(),
                                     [&](const std::string& v) { return v != row.values.front(); });
    if (run_dirs.size() == 1 || differs) rows.push_back(std::move(row));
  }
  return rows;
}

RunMonitor::RunMonitor(std::string run_dir) : run_dir_(std::move(run_dir)) {}

int RunMonitor::poll() {
  std::ifstream f(run_dir_ + "/events.jsonl", std::ios::binary);
  if (!f) return 0;
  f.seekg(0, std::ios::end);
  const uint64_t size = uint64_t(f.tellg());
  if (size < offset_) {  // the file was rewritten (a resume truncates it): start over
    offset_ = 0;
    partial_.clear();
    series_.clear();
  }
  f.seekg(std::streamoff(offset_));
  std::string chunk(size - offset_, '\0');
  f.read(chunk.data(), std::streamsize(chunk.size()));
  offset_ = size;
  partial_ += chunk;
  int count = 0;
  for (size_t nl; (nl = partial_.find('\n')) != std::string::npos;) {
    const auto e = nlohmann::json::parse(partial_.substr(0, nl), nullptr, false);
    partial_.erase(0, nl + 1);
    if (e.is_discarded() || !e.contains("step")) continue;
    last_ = e;
    ++count;
    for (auto it = e.begin(); it != e.end(); ++it) {
      if (!it.value().is_number() || it.key() == "step" || it.key() == "schema") continue;
      auto s = std::find_if(series_.begin(), series_.end(),
                            [&](const auto& p) { return p.first == it.key(); });
      if (s == series_.end()) s = series_.insert(series_.end(), {it.key(), Series{}});
      s->second.steps.push_back(e["step"].get<double>());
      s->second.values.push_back(it.value().get<double>());
    }
  }
  return count;
}

const Series& RunMonitor::series(const std::string& metric) const {
  static const Series empty;
  auto s = std::find_if(series_.begin(), series_.end(),
                        [&](const auto& p) { return p.first == metric; });
  return s == series_.end() ? empty : s->second;
}

std::vector<std::string> RunMonitor::snapshots() const {
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(run_dir_ + "/snapshots", ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("step-", 0) == 0)
      found.emplace_back(std::atoi(name.c_str() + 5), e.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

}  // namespace pmg::gui
