// Labelled video datasets for fine-tuning and probing: our split files ("path label"),
// UCF101's official splits (trainlistNN.txt "Class/v.avi label", testlistNN.txt
// "Class/v.avi" with classInd.txt), HMDB51's official splits (testTrainMulti_7030_splits/
// <class>_test_splitN.txt, "v.avi 1|2|0"), or class-per-folder train/ and test/ trees.
#pragma once
#include <string>
#include <vector>

namespace pmg {
inline namespace datasets {

/// One labelled video.
struct LabeledVideo {
  std::string path;
  int label = 0;
};

/// A dataset's classes and splits.
struct LabeledVideoSet {
  std::vector<std::string> classes;
  std::vector<LabeledVideo> train, test;
};

/// Reads `root`. `split` picks UCF101's trainlist0N/testlist0N or HMDB51's splitN (1..3).
/// Throws std::runtime_error naming the file or folder that is missing or malformed.
LabeledVideoSet readLabeledVideos(const std::string& root, int split = 1);

/// Keeps at most `per_class` training videos of each class (first ones; few-shot runs).
void limitPerClass(std::vector<LabeledVideo>& videos, int per_class);

}  // namespace datasets
}  // namespace pmg
