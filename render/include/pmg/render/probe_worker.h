// Judges shader programs in a separate process (pmg-shader-worker) under a watchdog,
// so a shader that never finishes a draw (an endless loop, a driver hang) is killed
// and skipped instead of freezing or crashing the caller. The watchdog times single
// steps (start-up and compile, then each draw), never the whole judgement, so a slow
// but finishing shader is measured, not refused. Used by `pmg render` and the GUI.
#pragma once
#include <sys/types.h>
#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "pmg/base/subprocess.h"
#include "pmg/render/shader_filter.h"
#include "pmg/render/shader_library.h"

namespace pmg::render {

/// How long the worker may take for one step before it is killed.
struct Watchdog {
  int compile_ms = 60000;  ///< starting the worker's GL context and compiling
  int draw_ms = 10000;     ///< one probe draw (the first includes llvmpipe's JIT)
};

/// The watchdog used where no option sets one: draw_ms from $PMG_SHADER_WATCHDOG_S
/// (seconds) when set, else 10 s.
Watchdog defaultWatchdog();

/// A worker process speaking JSON lines over pipes; restarted after a kill.
class ProbeWorker {
 public:
  /// `worker_path` empty: $PMG_SHADER_WORKER, else pmg-shader-worker next to this executable.
  explicit ProbeWorker(std::string worker_path = "");
  ~ProbeWorker();
  ProbeWorker(const ProbeWorker&) = delete;
  ProbeWorker& operator=(const ProbeWorker&) = delete;

  /// Compiles and probes `shader` in the worker. If a step does not finish within
  /// the watchdog, the worker is killed (restarted on the next call) and the verdict
  /// says "timeout: ...".
  FilterVerdict judge(const ShaderEntry& shader, const FilterOptions& options = {},
                      Watchdog watchdog = {});
  /// Compiles and draws `shader` at `time` into a size x size image in the worker (the
  /// program is cached there by its text); RGB uint8, or empty with `error` set (does not
  /// compile, stopped by the watchdog, crashed the worker).
  cv::Mat render(const ShaderEntry& shader, int size, double time, std::string* error,
                 Watchdog watchdog = defaultWatchdog(), const float* mouse = nullptr);
  /// Uploads an RGB image as iChannel<unit> (0..3) for the following renders; false with
  /// `error` set when the worker is gone.
  bool setChannel(int unit, const cv::Mat& rgb, std::string* error);
  /// The worker's process id (-1 when none runs; a new id after a restart).
  pid_t pid() const { return child_.pid(); }
  /// Path of the worker executable in use.
  const std::string& path() const { return path_; }

 private:
  void start();
  void stop();
  bool send(const nlohmann::json& request, std::string* error);
  /// Reads one answer line (bytes = 0) or `bytes` raw bytes, under the watchdog.
  bool receive(size_t bytes, const Watchdog& watchdog, std::string* out, std::string* error);
  std::string path_;
  Subprocess child_;
  int to_worker_ = -1, from_worker_ = -1;
  std::string buffer_;
};

/// The worker's loop: reads requests from `in_fd`, writes verdicts to `out_fd`.
/// Returns the process exit code. Creates its own headless EGL context.
int runProbeWorker(int in_fd, int out_fd);

}  // namespace pmg::render
