// Which instructions a kernel may use. Every level gives the same bytes (tests compare them);
// Baseline exists for those tests and as the benchmarks' "before".
#pragma once

namespace pmg {
inline namespace base {

/// Auto: AVX2 where the CPU has it. Baseline: the SSE2 / compiler-vectorised scalar path.
enum class SimdLevel { Auto, Baseline };

}  // namespace base
}  // namespace pmg
