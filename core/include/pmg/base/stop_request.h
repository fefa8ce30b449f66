// The process's stop request (SIGINT/SIGTERM, `stop` on stdin, the control file) as seen by
// loops that run before or outside training: listing a source folder, planning an experiment.
// They call checkStop() once per item and unwind with Interrupted, so a signal is honoured in
// every phase, not only between training steps.
#pragma once
#include <atomic>
#include <stdexcept>
#include <string>

namespace pmg {
inline namespace base {

/// A stop request ended a phase early; the message names the phase and how far it got.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The flag (async-signal-safe to set: a lock-free atomic).
std::atomic<bool>& stopRequest();

/// Throws Interrupted("stopped while WHAT") when a stop was requested.
void checkStop(const std::string& what);

/// Marks the start of a named phase ("listing sources", "planning"). Test hooks (environment):
/// PMG_PHASE_FILE gets one line per phase entered; when PMG_HOLD_PHASE names this phase, the
/// process waits here (up to 120 s) until a stop is requested, so a test can signal it inside
/// the phase without depending on timing. Without them it does nothing.
void enterPhase(const std::string& phase);

}  // namespace base
}  // namespace pmg
