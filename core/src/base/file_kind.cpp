#include "pmg/base/file_kind.h"

#include <sys/stat.h>

#include <stdexcept>

namespace pmg {
inline namespace base {

std::string irregularFileProblem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return "";
  const char* kind = S_ISDIR(st.st_mode)                          ? "a folder"
                     : S_ISFIFO(st.st_mode)                       ? "a FIFO"
                     : S_ISSOCK(st.st_mode)                       ? "a socket"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                  : "something else";
  return std::string(kind) + ", not a regular file";
}

void requireRegularFile(const std::string& path, const std::string& what) {
  const std::string problem = irregularFileProblem(path);
  if (!problem.empty()) throw std::runtime_error(what + " " + path + " is " + problem);
}

}  // namespace base
}  // namespace pmg
