// Dataset clips for `pmg stats DIR` (see dataset_clips.h).
#include "dataset_clips.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "pmg/media/npy.h"
#include "pmg/media/video_io.h"

namespace fs = std::filesystem;

namespace pmg::cli {

namespace {

bool isVideo(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  for (const char* e : {".mp4", ".avi", ".mkv", ".webm", ".mov", ".m4v"})
    if (ext == e) return true;
  return false;
}

bool isClipArray(const fs::path& p) {
  if (p.extension() != ".npy") return false;
  const std::string stem = p.stem().string();
  for (const char* suffix : {"_flow", "_visible"})
    if (stem.size() > std::strlen(suffix) &&
        stem.compare(stem.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return false;
  return true;
}

}  // namespace

std::vector<std::string> datasetClipFiles(const std::string& dir) {
  if (!fs::is_directory(dir)) throw std::invalid_argument("pmg stats: " + dir + " is not a folder");
  std::vector<std::string> files;
  for (const auto& e :
       fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied))
    if (e.is_regular_file() && (isClipArray(e.path()) || isVideo(e.path())))
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

DatasetClip readDatasetClip(const std::string& path, int frames, int size) {
  DatasetClip out;
  if (fs::path(path).extension() == ".npy") {
    const NpyArray a = readNpy(path);
    if (a.dtype != "|u1" || a.shape.size() != 4 || a.shape[3] != 3 ||
        a.bytes.size() != size_t(a.shape[0] * a.shape[1] * a.shape[2] * 3))
      throw std::runtime_error(path + " is not a (T, H, W, 3) uint8 clip");
    out.clip = Clip(int(a.shape[0]), int(a.shape[1]), int(a.shape[2]));
    out.clip.data = a.bytes;
  } else {
    ClipSampling s;
    s.frames = frames;
    s.stride = 2;
    s.size = size;
    out.clip = readVideoClip(path, s);
  }
  std::ifstream manifest(fs::path(path).replace_extension(".json"));
  if (manifest) {
    const auto m = nlohmann::json::parse(manifest, nullptr, false);
    if (m.is_object() && m.contains("stats")) out.manifest_stats = m["stats"];
  }
  if (out.clip.frames < 2) throw std::runtime_error(path + " has fewer than 2 frames");
  return out;
}

}  // namespace pmg::cli
