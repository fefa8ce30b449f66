#include "pmg/render/probe_worker.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "pmg/base/subprocess.h"
#include "pmg/render/egl_context.h"
#include "pmg/render/offscreen_renderer.h"
#include "pmg/runs/run_dir.h"

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
  return {{"accepted", v.accepted},         {"reason", v.reason},
          {"warning", v.warning},           {"gpu_ms", v.gpu_ms},
          {"reference_ms", v.reference_ms}, {"relative_cost", v.relative_cost},
          {"channel_std", v.channel_std},   {"saturated", v.saturated},
          {"noise_ratio", v.noise_ratio},   {"motion", v.motion}};
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

Watchdog defaultWatchdog() {
  Watchdog w;
  if (const char* env = std::getenv("PMG_SHADER_WATCHDOG_S")) {
    const double s = std::atof(env);
    if (s > 0) w.draw_ms = int(s * 1000.0);
  }
  return w;
}

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
  SpawnOptions o;
  o.executable = path_;
  o.in = ChildStream::Pipe;
  o.out = ChildStream::Pipe;
  child_ = Subprocess::spawn(o);
  to_worker_ = child_.input();
  from_worker_ = child_.output();
  buffer_.clear();
}

void ProbeWorker::stop() {
  if (!child_.running()) return;
  child_.stop(SIGKILL);
  to_worker_ = from_worker_ = -1;
}

bool ProbeWorker::send(const nlohmann::json& request, std::string* error) {
  ::signal(SIGPIPE, SIG_IGN);  // a dead worker must not kill the caller
  if (!child_.running()) start();
  if (writeAll(to_worker_, dumpJson(request) + "\n")) return true;
  stop();
  *error = "worker died before the request";
  return false;
}

bool ProbeWorker::receive(size_t bytes, const Watchdog& watchdog, std::string* out,
                          std::string* error) {
  // Until the first progress line: start-up and compilation; after it: one draw.
  int step_ms = watchdog.compile_ms;
  const char* step = "compile the shader";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(step_ms);
  for (;;) {
    if (bytes > 0) {  // raw pixels after the answer line
      if (buffer_.size() >= bytes) {
        *out = buffer_.substr(0, bytes);
        buffer_.erase(0, bytes);
        return true;
      }
    } else if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
      const std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      if (line.find("\"progress\"") != std::string::npos) {  // the watchdog restarts for a draw
        step_ms = watchdog.draw_ms;
        step = "finish a draw";
        deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(step_ms);
        continue;
      }
      *out = line;
      return true;
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
      *error = buf;
      return false;
    }
    char chunk[65536];
    const ssize_t n = ::read(from_worker_, chunk, sizeof chunk);
    if (n <= 0) {
      stop();
      *error = "the shader crashed the worker process (it was restarted)";
      return false;
    }
    buffer_.append(chunk, size_t(n));
  }
}

FilterVerdict ProbeWorker::judge(const ShaderEntry& shader, const FilterOptions& options,
                                 Watchdog watchdog) {
  FilterVerdict v;
  std::string line;
  if (!send({{"id", shader.id},
             {"source", shader.source},
             {"common", shader.common},
             {"options", optionsJson(options)}},
            &v.reason) ||
      !receive(0, watchdog, &line, &v.reason))
    return v;
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) {
    stop();
    v.reason = "worker sent a malformed answer";
    return v;
  }
  return verdictFrom(j);
}

bool ProbeWorker::setChannel(int unit, const cv::Mat& rgb, std::string* error) {
  const cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
  std::string line;
  if (!send({{"channel", {{"unit", unit}, {"width", packed.cols}, {"height", packed.rows}}}},
            error))
    return false;
  if (!writeAll(to_worker_, std::string(reinterpret_cast<const char*>(packed.data),
                                        packed.total() * packed.elemSize()))) {
    stop();
    *error = "worker died while receiving a channel image";
    return false;
  }
  return receive(0, defaultWatchdog(), &line, error);
}

cv::Mat ProbeWorker::render(const ShaderEntry& shader, int size, double time, std::string* error,
                            Watchdog watchdog, const float* mouse) {
  std::string line, pixels;
  nlohmann::json request = {{"id", shader.id},
                            {"source", shader.source},
                            {"common", shader.common},
                            {"size", size},
                            {"time", time}};
  if (mouse) request["mouse"] = {mouse[0], mouse[1], mouse[2], mouse[3]};
  if (!send({{"render", request}}, error) || !receive(0, watchdog, &line, error)) return {};
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    stop();
    *error = "worker sent a malformed answer";
    return {};
  }
  if (!j.value("ok", false)) {
    *error = j.value("error", std::string("render failed"));
    return {};
  }
  const int w = j.value("width", 0), h = j.value("height", 0);
  if (w != size || h != size) {
    stop();
    *error = "worker sent an image of the wrong size";
    return {};
  }
  if (!receive(size_t(w) * size_t(h) * 3, watchdog, &pixels, error)) return {};
  cv::Mat rgb(h, w, CV_8UC3);
  std::memcpy(rgb.data, pixels.data(), pixels.size());
  return rgb;
}

namespace {

/// The worker's side of a render request: compile (cached by text), draw, send pixels.
bool serveRender(const nlohmann::json& r, OffscreenRenderer& renderer,
                 std::map<std::string, ShaderProgram>& cache, int out_fd) {
  const std::string source = r.value("source", std::string());
  const std::string common = r.value("common", std::string());
  const int size = r.value("size", 256);
  nlohmann::json answer = {{"ok", false}};
  const std::string key = common + "\n//--\n" + source;
  auto it = cache.find(key);
  if (it == cache.end()) {
    if (cache.size() > 64) cache.clear();
    ShaderProgram program;
    const auto c = program.compile(source, common);
    if (!c.ok) {
      answer["error"] = "shader does not compile: " + c.summary();
      return writeAll(out_fd, dumpJson(answer) + "\n");
    }
    it = cache.emplace(key, std::move(program)).first;
  }
  if (!writeAll(out_fd, "{\"progress\":1}\n")) return false;
  if (size < 1 || size > 8192) {
    answer["error"] = "render size out of range";
    return writeAll(out_fd, answer.dump() + "\n");
  }
  renderer.resize(size, size);
  ShaderInputs in;
  in.time = float(r.value("time", 1.0));
  const auto mouse = r.value("mouse", std::vector<float>{});
  for (size_t k = 0; k < 4 && k < mouse.size(); ++k) in.mouse[k] = mouse[k];
  const cv::Mat rgb = renderer.render(it->second, in);
  answer = {{"ok", true}, {"width", rgb.cols}, {"height", rgb.rows}};
  const cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
  return writeAll(out_fd, answer.dump() + "\n") &&
         writeAll(out_fd, std::string(reinterpret_cast<const char*>(packed.data),
                                      packed.total() * packed.elemSize()));
}

}  // namespace

int runProbeWorker(int in_fd, int out_fd) {
  std::unique_ptr<EglContext> context;
  std::unique_ptr<OffscreenRenderer> renderer;
  std::unique_ptr<CostReference> reference;
  std::map<std::string, ShaderProgram> programs;  // render requests: compiled once per text
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
        if (request.contains("render")) {
          if (!serveRender(request["render"], *renderer, programs, out_fd)) return 1;
          continue;
        }
        if (request.contains("channel")) {  // an RGB image for iChannel<unit> follows
          const auto& c = request["channel"];
          const int w = c.value("width", 0), h = c.value("height", 0), unit = c.value("unit", 0);
          const size_t bytes = size_t(std::max(0, w)) * size_t(std::max(0, h)) * 3;
          if (w <= 0 || h <= 0 || w > 8192 || h > 8192 || unit < 0 || unit > 3) return 1;
          while (buffer.size() < bytes) {
            const ssize_t n = ::read(in_fd, chunk, sizeof chunk);
            if (n <= 0) return 0;
            buffer.append(chunk, size_t(n));
          }
          cv::Mat rgb(h, w, CV_8UC3);
          std::memcpy(rgb.data, buffer.data(), bytes);
          buffer.erase(0, bytes);
          renderer->setChannelImage(unit, rgb);
          if (!writeAll(out_fd, "{\"ok\":true}\n")) return 1;
          continue;
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
    if (!writeAll(out_fd, dumpJson(verdictJson(v)) + "\n")) return 1;
  }
}

}  // namespace pmg::render
