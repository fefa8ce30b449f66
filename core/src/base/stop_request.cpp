#include "pmg/base/stop_request.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace pmg {
inline namespace base {

std::atomic<bool>& stopRequest() {
  static std::atomic<bool> flag{false};
  return flag;
}

void checkStop(const std::string& what) {
  if (stopRequest().load()) throw Interrupted("stopped while " + what);
}

void enterPhase(const std::string& phase) {
  if (const char* file = std::getenv("PMG_PHASE_FILE"); file && *file)
    std::ofstream(file, std::ios::app) << phase << "\n" << std::flush;
  const char* hold = std::getenv("PMG_HOLD_PHASE");
  if (!hold || phase != hold) return;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!stopRequest().load() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

}  // namespace base
}  // namespace pmg
