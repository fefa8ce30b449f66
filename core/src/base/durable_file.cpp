#include "pmg/base/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace pmg {
inline namespace base {

DurableWriter::DurableWriter(std::string path)
    : path_(std::move(path)), tmp_(path_ + ".tmp." + std::to_string(::getpid())) {
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) fail("cannot create", errno);
}

DurableWriter::~DurableWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());  // not committed: the target stays as it was
}

void DurableWriter::fail(const std::string& what, int error) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(tmp_.c_str());
  tmp_.clear();
  throw std::runtime_error(what + " " + path_ + ": " + std::strerror(error));
}

void DurableWriter::write(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", n < 0 ? errno : ENOSPC);
    p += n;
    size -= size_t(n);
  }
}

void DurableWriter::commit() {
  if (::fsync(fd_) != 0) fail("cannot flush", errno);
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("cannot close", errno);
  }
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) fail("cannot rename into", errno);
  tmp_.clear();
  const auto dir = std::filesystem::path(path_).parent_path();
  syncDirectory(dir.empty() ? "." : dir.string());
}

void writeFileDurable(const std::string& path, const std::string& contents) {
  DurableWriter w(path);
  w.write(contents.data(), contents.size());
  w.commit();
}

void syncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("cannot open directory " + dir + ": " + std::strerror(errno));
  const int r = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (r != 0 && error != EINVAL)  // some filesystems cannot sync directories
    throw std::runtime_error("cannot flush directory " + dir + ": " + std::strerror(error));
}

}  // namespace base
}  // namespace pmg
