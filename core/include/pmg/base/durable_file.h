// Durable, atomic file writes: data goes to a temporary file beside the target, is
// fsync'ed, renamed over the target, and the directory is fsync'ed, so a crash or a
// power loss leaves either the old file or the complete new one. Any failure (disk
// full, permissions, file size limit) throws one error naming the file and removes the
// temporary.
#pragma once
#include <cstddef>
#include <string>

namespace pmg {
inline namespace base {

/// Streams one file durably: write() pieces, then commit(); destroyed without commit,
/// the temporary is removed and the target is untouched.
class DurableWriter {
 public:
  explicit DurableWriter(std::string path);
  ~DurableWriter();
  DurableWriter(const DurableWriter&) = delete;
  DurableWriter& operator=(const DurableWriter&) = delete;
  /// Appends bytes; throws naming the file on failure.
  void write(const void* data, size_t size);
  /// fsync, rename over the target, fsync the directory; throws on failure.
  void commit();

 private:
  [[noreturn]] void fail(const std::string& what, int error);
  std::string path_, tmp_;
  int fd_ = -1;
};

/// Writes `contents` to `path` durably (see DurableWriter).
void writeFileDurable(const std::string& path, const std::string& contents);

/// fsyncs a directory, making renames inside it durable; throws on failure.
void syncDirectory(const std::string& dir);

}  // namespace base
}  // namespace pmg
