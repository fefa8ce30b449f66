// Training tests tune glibc's allocator as pmg's main() does: without it every step's large
// tensors are mmap'ed and unmapped again, which makes training ~3x slower.
#include "pmg/base/allocator.h"

namespace {
const bool kAllocatorConfigured = (pmg::configureAllocatorForClips(), true);
}  // namespace
