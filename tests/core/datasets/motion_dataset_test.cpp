#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pmg/datasets/motion_dataset.h"
#include "pmg/media/video_io.h"

using namespace pmg;
namespace fs = std::filesystem;

TEST(MotionDataset, ClipsAreDeterministicAndMove) {
  for (int label = 0; label < int(motionClassNames().size()); ++label) {
    const Clip a = motionClip(label, 3, 1, 8, 64), b = motionClip(label, 3, 1, 8, 64);
    EXPECT_EQ(a.data, b.data) << motionClassNames()[size_t(label)];
    cv::Mat d;
    cv::absdiff(a.frame(0), a.frame(7), d);
    EXPECT_GT(cv::countNonZero(d.reshape(1)), 50)
        << motionClassNames()[size_t(label)] << " does not move";
  }
}

TEST(MotionDataset, WritesClassFoldersAndSplitFiles) {
  MotionDatasetOptions o;
  o.out = (fs::temp_directory_path() / "pmg_motion_ds").string();
  fs::remove_all(o.out);
  o.classes = 3;
  o.per_class = 4;
  o.frames = 8;
  o.size = 32;
  EXPECT_EQ(writeMotionDataset(o), 12);
  std::ifstream train(o.out + "/trainlist.txt"), test(o.out + "/testlist.txt");
  int n_train = 0, n_test = 0;
  for (std::string line; std::getline(train, line);) {
    ++n_train;
    EXPECT_TRUE(fs::exists(o.out + "/" + line.substr(0, line.find(' ')))) << line;
  }
  for (std::string line; std::getline(test, line);) ++n_test;
  EXPECT_EQ(n_train, 9);
  EXPECT_EQ(n_test, 3);
  ClipSampling s;
  s.frames = 8;
  s.stride = 1;
  s.size = 32;
  EXPECT_EQ(readVideoClip(o.out + "/test/move_right/move_right_3.mp4", s).frames, 8);
  o.classes = 99;
  EXPECT_THROW(writeMotionDataset(o), std::invalid_argument);
  fs::remove_all(o.out);
}
