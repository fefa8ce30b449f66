// Thread-safe terminal progress bar with rate and ETA, throttled redraws.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace pmg {
inline namespace base {

/// Progress of `total` work items; call tick() from any thread.
class ProgressBar {
 public:
  /// `label` prefixes the line; output goes to `out` (stderr by default).
  ProgressBar(std::string label, long total, std::FILE* out = stderr);
  /// Marks `n` more items done; redraws at most every 100 ms.
  void tick(long n = 1);
  /// Draws the final line and a newline.
  void finish();
  /// Items done so far.
  long done() const { return done_.load(); }
  /// Formats seconds as h:mm:ss or m:ss.
  static std::string formatDuration(double seconds);

 private:
  void draw(bool final);
  std::string label_;
  long total_;
  std::FILE* out_;
  std::atomic<long> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool finished_ = false;
};

}  // namespace base
}  // namespace pmg
