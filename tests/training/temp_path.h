// A path under the system temp directory, cleared of what an earlier test run left there.
#pragma once
#include <filesystem>
#include <string>

namespace pmg::test {

/// temp_dir/name with any earlier file or folder of that name removed (not created).
inline std::string freshTempPath(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(p);
  return p.string();
}

}  // namespace pmg::test
