#include "pmg/datasets/labeled_videos.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace pmg;
namespace fs = std::filesystem;

namespace {

/// A fresh empty folder in the temp directory.
std::string freshDir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void writeText(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST(LabeledVideos, ReadsUcf101OfficialSplits) {
  const std::string root = freshDir("pmg_ucf_splits");
  writeText(root + "/classInd.txt", "1 ApplyEyeMakeup\r\n2 Archery\r\n");
  writeText(root + "/trainlist02.txt",
            "ApplyEyeMakeup/v_a_g01.avi 1\r\nArchery/v_b_g01.avi 2\r\nArchery/v_b_g02.avi 2\r\n");
  writeText(root + "/testlist02.txt", "Archery/v_b_g09.avi\r\nApplyEyeMakeup/v_a_g09.avi\r\n");
  const auto set = readLabeledVideos(root, 2);
  ASSERT_EQ(set.classes, (std::vector<std::string>{"ApplyEyeMakeup", "Archery"}));
  ASSERT_EQ(set.train.size(), 3u);
  EXPECT_EQ(set.train[0].label, 0);  // 1-based in the file
  EXPECT_EQ(set.train[2].label, 1);
  ASSERT_EQ(set.test.size(), 2u);
  EXPECT_EQ(set.test[0].label, 1);  // from the class folder
  EXPECT_EQ(set.test[1].path, root + "/ApplyEyeMakeup/v_a_g09.avi");
  EXPECT_THROW(readLabeledVideos(root, 1), std::runtime_error);  // no split 1 files
  fs::remove_all(root);
}

TEST(LabeledVideos, ReadsHmdb51OfficialSplits) {
  const std::string root = freshDir("pmg_hmdb_splits");
  const std::string splits = root + "/testTrainMulti_7030_splits";
  writeText(splits + "/wave_test_split1.txt", "w1.avi 1 \nw2.avi 2 \nw3.avi 0 \n");
  writeText(splits + "/brush_hair_test_split1.txt", "b1.avi 2 \nb2.avi 1 \n\n");
  writeText(splits + "/wave_test_split2.txt", "w1.avi 2 \n");
  const auto set = readLabeledVideos(root, 1);
  ASSERT_EQ(set.classes, (std::vector<std::string>{"brush_hair", "wave"}));  // sorted by name
  ASSERT_EQ(set.train.size(), 2u);
  ASSERT_EQ(set.test.size(), 2u);  // the "0" video is in neither split
  EXPECT_EQ(set.train[0].path, root + "/brush_hair/b2.avi");
  EXPECT_EQ(set.train[0].label, 0);
  EXPECT_EQ(set.train[1].label, 1);
  EXPECT_EQ(set.test[1].path, root + "/wave/w2.avi");
  // Split 2 has one class only: rejected with a message, like a malformed line.
  EXPECT_THROW(readLabeledVideos(root, 2), std::runtime_error);
  writeText(splits + "/wave_test_split1.txt", "w1.avi 7\n");
  try {
    readLabeledVideos(root, 1);
    FAIL() << "a bad split line was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("wave_test_split1.txt:1"), std::string::npos) << e.what();
  }
  fs::remove_all(root);
}
