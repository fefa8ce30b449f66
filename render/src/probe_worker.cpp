#include "pmg/render/probe_worker.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "pmg/render/egl_context.h"
#include "pmg/render/offscreen_renderer.h"

namespace pmg::render {

namespace {

std::string defaultWorkerPath() {
  if (const char* env = std::getenv("PMG_SHADER_WORKER")) return env;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (self.parent_path() / "pmg-shader-worker").string();
}

bool writeAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

nlohmann::json optionsJson(const FilterOptions& o) {
  return {{"probe_size", o.probe_size},
          {"max_relative_cost", o.max_relative_cost},
          {"warn_ms", o.warn_ms},
          {"cost_draws", o.cost_draws},
          {"min_channel_std", o.min_channel_std},
          {"max_saturated", o.max_saturated},
          {"max_noise_ratio", o.max_noise_ratio},
          {"min_motion", o.min_motion},
          {"times", o.times},
          {"content_checks", o.content_checks}};
}

FilterOptions optionsFrom(const nlohmann::json& j) {
  FilterOptions o;
  o.probe_size = j.value("probe_size", o.probe_size);
  o.max_relative_cost = j.value("max_relative_cost", o.max_relative_cost);
  o.warn_ms = j.value("warn_ms", o.warn_ms);
  o.cost_draws = j.value("cost_draws", o.cost_draws);
  o.min_channel_std = j.value("min_channel_std", o.min_channel_std);
  o.max_saturated = j.value("max_saturated", o.max_saturated);
  o.max_noise_ratio = j.value("max_noise_ratio", o.max_noise_ratio);
  o.min_motion = j.value("min_motion", o.min_motion);
  o.times = j.value("times", o.times);
  o.content_checks = j.value("content_checks", o.content_checks);
  return o;
}

nlohmann::json verdictJson(const FilterVerdict& v) {
  return {{"accepted", v.accepted},
          {"reason", v.reason},
          {"warning", v.warning},
          {"gpu_ms", v.gpu_ms},
          {"reference_ms", v.reference_ms},
          {"relative_cost", v.relative_cost},
          {"channel_std", v.channel_std},
          {"saturated", v.saturated},
          {"noise_ratio", v.noise_ratio},
          {"motion", v.motion}};
}

FilterVerdict verdictFrom(const nlohmann::json& j) {
  FilterVerdict v;
  v.accepted = j.value("accepted", false);
  v.reason = j.value("reason", std::string("no reason"));
  v.warning = j.value("warning", std::string());
  v.gpu_ms = j.value("gpu_ms", 0.0);
  v.reference_ms = j.value("reference_ms", 0.0);
  v.relative_cost = j.value("relative_cost", 0.0);
  v.channel_std = j.value("channel_std", 0.0);
  v.saturated = j.value("saturated", 0.0);
  v.noise_ratio = j.value("noise_ratio", 0.0);
  v.motion = j.value("motion", 0.0);
  return v;
}

}  // namespace

ProbeWorker::ProbeWorker(std::string worker_path)
    : path_(worker_path.empty() ? defaultWorkerPath() : std::move(worker_path)) {}

ProbeWorker::~ProbeWorker() {
  stop();
}

void ProbeWorker::start() {
  if (::access(path_.c_str(), X_OK) != 0) {
    throw std::runtime_error("shader worker not found or not executable: " + path_ +
                             " (set PMG_SHADER_WORKER)");
  }
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0)
    throw std::runtime_error("pipe() failed for the shader worker");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork() failed for the shader worker");
  if (pid_ == 0) {
    ::dup2(down[0], STDIN_FILENO);
    ::dup2(up[1], STDOUT_FILENO);
    ::close(down[0]);
    ::close(down[1]);
    ::close(up[0]);
    ::close(up[1]);
    ::execl(path_.c_str(), path_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(down[0]);
  ::close(up[1]);
  to_worker_ = down[1];
  from_worker_ = up[0];
  buffer_.clear();
}

void ProbeWorker::stop() {
  if (pid_ <= 0) return;
  ::close(to_worker_);
  ::close(from_worker_);
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  to_worker_ = from_worker_ = -1;
}

FilterVerdict ProbeWorker::judge(const ShaderEntry& shader, const FilterOptions& options,
                                 Watchdog watchdog) {
  ::signal(SIGPIPE, SIG_IGN);  // a dead worker must not kill the caller
  if (pid_ <= 0) start();
  const nlohmann::json request = {{"id", shader.id},
                                  {"source", shader.source},
                                  {"common", shader.common},
                                  {"options", optionsJson(options)}};
  FilterVerdict v;
  if (!writeAll(to_worker_, request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n")) {
    stop();
    v.reason = "worker died before the request";
    return v;
  }
  // Until the first progress line: start-up and compilation; after it: one draw.
  int step_ms = watchdog.compile_ms;
  const char* step = "compile the shader";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(step_ms);
  for (;;) {
    const auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      const std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        stop();
        v.reason = "worker sent a malformed answer";
        return v;
      }
      if (j.contains("progress")) {  // a step finished: the watchdog restarts for a draw
        step_ms = watchdog.draw_ms;
        step = "finish a draw";
        deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(step_ms);
        continue;
      }
      return verdictFrom(j);
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    pollfd p{from_worker_, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, int(std::min<long long>(left, INT_MAX))) == 0) {
      stop();
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "timeout: did not %s within %.1f s (stopped by the watchdog; worker restarted)",
                    step, step_ms / 1000.0);
      v.reason = buf;
      return v;
    }
    char chunk[4096];
    const ssize_t n = ::read(from_worker_, chunk, sizeof chunk);
    if (n <= 0) {
      stop();
      v.reason = "worker crashed while probing";
      return v;
    }
    buffer_.append(chunk, size_t(n));
  }
}

int runProbeWorker(int in_fd, int out_fd) {
  std::unique_ptr<EglContext> context;
  std::unique_ptr<OffscreenRenderer> renderer;
  std::unique_ptr<CostReference> reference;
  std::string buffer;
  char chunk[65536];
  for (;;) {
    const auto nl = buffer.find('\n');
    if (nl == std::string::npos) {
      const ssize_t n = ::read(in_fd, chunk, sizeof chunk);
      if (n <= 0) return 0;  // parent closed the pipe
      buffer.append(chunk, size_t(n));
      continue;
    }
    const auto request = nlohmann::json::parse(buffer.substr(0, nl), nullptr, false);
    buffer.erase(0, nl + 1);
    FilterVerdict v;
    if (request.is_discarded()) {
      v.reason = "malformed request";
    } else {
      try {
        if (!context) {
          context = EglContext::create();
          renderer = std::make_unique<OffscreenRenderer>(64, 64);
          reference = std::make_unique<CostReference>();
        }
        ShaderEntry e;
        e.id = request.value("id", std::string("probe"));
        e.source = request.value("source", std::string());
        e.common = request.value("common", std::string());
        const auto progress = [out_fd] { writeAll(out_fd, "{\"progress\":1}\n"); };
        v = judgeShader(e, *renderer,
                        optionsFrom(request.value("options", nlohmann::json::object())), nullptr,
                        progress, reference.get());
      } catch (const std::exception& ex) {
        v.reason = std::string("worker error: ") + ex.what();
      }
    }
    if (!writeAll(out_fd, verdictJson(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n")) return 1;
  }
}

}  // namespace pmg::render
