// Runs a function over an index range on a fixed number of threads.
#pragma once
#include <functional>

namespace pmg {
inline namespace base {

/// Calls fn(i) for i in [0, n) on `threads` workers (0 = hardware concurrency).
/// Indices are handed out dynamically; exceptions are rethrown after all workers stop.
void parallelFor(long n, int threads, const std::function<void(long)>& fn);

}  // namespace base
}  // namespace pmg
