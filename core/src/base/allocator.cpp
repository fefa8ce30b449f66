#include "pmg/base/allocator.h"

#include <cstdlib>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pmg {
inline namespace base {

void configureAllocatorForClips() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);    // the maximum glibc accepts; clips are 2.4 MB
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);  // and keep them there for the next clip
#endif
}

}  // namespace base
}  // namespace pmg
