// The stated limit on one allocation of clips, batches or images: PMG_MAX_CLIP_BYTES when
// set, else half of physical memory. Sizes are checked before anything is allocated, so a
// request larger than the machine is refused with its size named instead of OOM-killed.
#pragma once
#include <cstdint>
#include <string>

namespace pmg {
inline namespace base {

/// The limit in bytes (PMG_MAX_CLIP_BYTES, or half of physical memory).
uint64_t maxClipBytes();

/// Throws std::invalid_argument naming `what`, its size and the limit when `bytes` exceeds
/// maxClipBytes(). `bytes` is a double so that products of large counts cannot wrap.
void requireClipBytes(double bytes, const std::string& what);

/// Bytes of `clips` clips of frames x size x size RGB values of `value_bytes` bytes each.
double clipBytes(double clips, int frames, int size, int value_bytes = 1);

}  // namespace base
}  // namespace pmg
