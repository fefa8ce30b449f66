// Inputs are checked to be regular files before they are opened: a FIFO, a device or a
// socket given as an image, a video, a config or weights would block a read for ever.
#pragma once
#include <string>

namespace pmg {
inline namespace base {

/// "" when `path` is a regular file or absent (the reader reports absence); otherwise what it
/// is: "a FIFO, not a regular file", "a socket, ...", "a device, ...", "a folder, ...".
std::string irregularFileProblem(const std::string& path);

/// Throws std::runtime_error "WHAT PATH is a FIFO, not a regular file" (and so on) when
/// irregularFileProblem(path) is not empty.
void requireRegularFile(const std::string& path, const std::string& what);

}  // namespace base
}  // namespace pmg
