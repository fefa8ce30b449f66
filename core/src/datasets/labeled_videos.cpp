#include "pmg/datasets/labeled_videos.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "pmg/media/image_io.h"

namespace fs = std::filesystem;

namespace pmg {
inline namespace datasets {

namespace {

/// Lines "path [label]"; a missing label comes from the class folder via `by_name`.
std::vector<LabeledVideo> readList(const std::string& file, const std::string& video_root,
                                   const std::map<std::string, int>& by_name, int label_offset) {
  std::ifstream f(file);
  if (!f) throw std::runtime_error("cannot read split file " + file);
  std::vector<LabeledVideo> out;
  int line_no = 0;
  for (std::string line; std::getline(f, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::istringstream is(line);
    LabeledVideo v;
    std::string rel;
    is >> rel;
    if (is >> v.label) {
      v.label -= label_offset;
    } else {
      const std::string cls = fs::path(rel).parent_path().filename().string();
      auto it = by_name.find(cls);
      if (it == by_name.end())
        throw std::runtime_error(file + ":" + std::to_string(line_no) + ": unknown class '" + cls +
                                 "'");
      v.label = it->second;
    }
    v.path = (fs::path(video_root) / rel).string();
    out.push_back(v);
  }
  return out;
}

std::vector<LabeledVideo> readFolders(const std::string& dir, std::map<std::string, int>& by_name,
                                      std::vector<std::string>& classes) {
  std::vector<LabeledVideo> out;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    if (!by_name.count(n)) {
      by_name[n] = int(classes.size());
      classes.push_back(n);
    }
    for (const auto& file : listVideoFiles(dir + "/" + n)) out.push_back({file, by_name[n]});
  }
  return out;
}

/// HMDB51's official splits: DIR/<class>_test_split<N>.txt with lines "video.avi 1|2|0"
/// (1 = train, 2 = test, 0 = unused); videos in <root>/<class>/ or <root>/videos/<class>/.
void readHmdbSplits(const std::string& root, const std::string& split_dir, int split,
                    LabeledVideoSet& set) {
  const std::string suffix = "_test_split" + std::to_string(split) + ".txt";
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(split_dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      files.push_back(name);
  }
  if (files.empty())
    throw std::runtime_error(split_dir + " has no *" + suffix + " files (HMDB51 split " +
                             std::to_string(split) + ")");
  std::sort(files.begin(), files.end());
  const std::string videos = fs::is_directory(root + "/videos") ? root + "/videos" : root;
  for (const auto& name : files) {
    const std::string cls = name.substr(0, name.size() - suffix.size());
    const int label = int(set.classes.size());
    set.classes.push_back(cls);
    std::ifstream f(split_dir + "/" + name);
    if (!f) throw std::runtime_error("cannot read split file " + split_dir + "/" + name);
    int line_no = 0;
    for (std::string line; std::getline(f, line);) {
      ++line_no;
      std::istringstream is(line);
      std::string video;
      int use = -1;
      if (!(is >> video)) continue;  // blank line
      if (!(is >> use) || use < 0 || use > 2)
        throw std::runtime_error(split_dir + "/" + name + ":" + std::to_string(line_no) +
                                 ": expected '<video> 0|1|2'");
      const std::string path = videos + "/" + cls + "/" + video;
      if (use == 1) set.train.push_back({path, label});
      if (use == 2) set.test.push_back({path, label});
    }
  }
}

}  // namespace

LabeledVideoSet readLabeledVideos(const std::string& root, int split) {
  LabeledVideoSet set;
  std::map<std::string, int> by_name;
  if (!fs::is_directory(root))
    throw std::runtime_error("dataset folder '" + root + "' does not exist");
  const std::string ucf_train = root + "/trainlist0" + std::to_string(split) + ".txt";
  if (fs::exists(root + "/trainlist.txt")) {  // ours: classes.txt "label name", lists "path label"
    std::ifstream c(root + "/classes.txt");
    if (!c) throw std::runtime_error("cannot read " + root + "/classes.txt");
    int label;
    std::string name;
    while (c >> label >> name) {
      if (int(set.classes.size()) <= label) set.classes.resize(size_t(label) + 1);
      set.classes[size_t(label)] = name;
      by_name[name] = label;
    }
    set.train = readList(root + "/trainlist.txt", root, by_name, 0);
    set.test = readList(root + "/testlist.txt", root, by_name, 0);
  } else if (fs::exists(ucf_train)) {  // UCF101: classInd.txt "1 ApplyEyeMakeup", 1-based labels
    std::ifstream c(root + "/classInd.txt");
    if (!c) throw std::runtime_error("cannot read " + root + "/classInd.txt");
    int label;
    std::string name;
    while (c >> label >> name) {
      set.classes.push_back(name);
      by_name[name] = label - 1;
    }
    const std::string videos = fs::exists(root + "/videos") ? root + "/videos" : root;
    set.train = readList(ucf_train, videos, by_name, 1);
    set.test = readList(root + "/testlist0" + std::to_string(split) + ".txt", videos, by_name, 1);
  } else if (fs::is_directory(root + "/testTrainMulti_7030_splits")) {  // HMDB51
    readHmdbSplits(root, root + "/testTrainMulti_7030_splits", split, set);
  } else if (fs::is_directory(root + "/train") && fs::is_directory(root + "/test")) {
    set.train = readFolders(root + "/train", by_name, set.classes);
    set.test = readFolders(root + "/test", by_name, set.classes);
  } else {
    throw std::runtime_error("'" + root + "' has no trainlist.txt, trainlist0" +
                             std::to_string(split) +
                             ".txt, testTrainMulti_7030_splits/ or train/ and test/ folders");
  }
  if (set.classes.size() < 2 || set.train.empty() || set.test.empty())
    throw std::runtime_error("dataset '" + root +
                             "' needs >= 2 classes and non-empty train and test splits");
  for (const auto* split_videos : {&set.train, &set.test})
    for (const auto& v : *split_videos)
      if (v.label < 0 || v.label >= int(set.classes.size()))
        throw std::runtime_error(v.path + ": label " + std::to_string(v.label) + " out of range");
  return set;
}

void limitPerClass(std::vector<LabeledVideo>& videos, int per_class) {
  if (per_class <= 0) return;
  std::map<int, int> seen;
  std::vector<LabeledVideo> kept;
  for (const auto& v : videos)
    if (seen[v.label]++ < per_class) kept.push_back(v);
  videos = kept;
}

}  // namespace datasets
}  // namespace pmg
