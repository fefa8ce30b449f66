#include "pmg/base/progress.h"

#include <cmath>

namespace pmg {
inline namespace base {

ProgressBar::ProgressBar(std::string label, long total, std::FILE* out)
    : label_(std::move(label)),
      total_(total),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

std::string ProgressBar::formatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--";
  const long t = long(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

void ProgressBar::tick(long n) {
  done_ += n;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(false);
}

void ProgressBar::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  draw(true);
}

void ProgressBar::draw(bool final) {
  if (!out_) return;
  const long done = done_.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : NAN;
  const int width = 28;
  const double frac = total_ > 0 ? std::min(1.0, double(done) / total_) : 1.0;
  const int fill = int(frac * width);
  std::string bar(size_t(fill), '#');
  bar.append(size_t(width - fill), '.');
  std::fprintf(out_, "\r%s [%s] %ld/%ld %5.1f%% %.1f/s elapsed %s ETA %s%s", label_.c_str(),
               bar.c_str(), done, total_, 100.0 * frac, rate, formatDuration(elapsed).c_str(),
               final ? "0:00" : formatDuration(eta).c_str(), final ? "\n" : "");
  std::fflush(out_);
}

}  // namespace base
}  // namespace pmg
