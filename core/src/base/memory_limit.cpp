#include "pmg/base/memory_limit.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace pmg {
inline namespace base {

namespace {

std::string readable(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 5) bytes /= 1024.0, ++u;
  char text[64];
  std::snprintf(text, sizeof text, "%.1f %s", bytes, units[u]);
  return text;
}

}  // namespace

uint64_t maxClipBytes() {
  if (const char* env = std::getenv("PMG_MAX_CLIP_BYTES"); env && *env) {
    char* end = nullptr;
    const double v = std::strtod(env, &end);
    if (end && *end == '\0' && v > 0) return uint64_t(v);
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return uint64_t(8) << 30;
  return uint64_t(pages) * uint64_t(page) / 2;
}

void requireClipBytes(double bytes, const std::string& what) {
  const double limit = double(maxClipBytes());
  if (bytes <= limit) return;
  throw std::invalid_argument(what + " needs " + readable(bytes) + ", more than the limit of " +
                              readable(limit) +
                              " (half of physical memory; set PMG_MAX_CLIP_BYTES to change it)");
}

double clipBytes(double clips, int frames, int size, int value_bytes) {
  return clips * double(frames) * double(size) * double(size) * 3.0 * double(value_bytes);
}

}  // namespace base
}  // namespace pmg
