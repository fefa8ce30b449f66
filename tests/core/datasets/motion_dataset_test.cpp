#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pmg/datasets/motion_dataset.h"
#include "pmg/media/image_io.h"
#include "pmg/media/video_io.h"

#include <opencv2/imgproc.hpp>

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

namespace {

/// Share of pixels that differ between the first and last frame.
double changedShare(const Clip& clip) {
  cv::Mat d, gray;
  cv::absdiff(clip.frame(0), clip.frame(clip.frames - 1), d);
  cv::cvtColor(d, gray, cv::COLOR_RGB2GRAY);
  return double(cv::countNonZero(gray > 8)) / double(gray.total());
}

}  // namespace

TEST(MotionDataset, DistractorsAndCameraMotionAddMotionThatIsNotTheClass) {
  MotionScene busy;
  busy.distractors = 3;
  const Clip plain = motionClip(0, 3, 1, 8, 64), with = motionClip(0, 3, 1, 8, 64, busy);
  EXPECT_NE(plain.data, with.data);
  EXPECT_EQ(with.data, motionClip(0, 3, 1, 8, 64, busy).data);  // deterministic
  // The default scene is the plain clip, byte for byte.
  EXPECT_EQ(plain.data, motionClip(0, 3, 1, 8, 64, MotionScene{}).data);
  MotionScene panning;
  panning.camera_motion = 0.04;
  const double still = changedShare(plain),
               panned = changedShare(motionClip(0, 3, 1, 8, 64, panning));
  EXPECT_LT(still, 0.6) << "without a camera only the object moves";
  EXPECT_GT(panned, still + 0.2) << "a panning camera moves the background too";
}

TEST(MotionDataset, PhotoBackgroundsComeFromTheFolderAndBadFilesAreNamed) {
  const fs::path dir = fs::temp_directory_path() / "pmg_motion_backgrounds";
  fs::remove_all(dir);
  fs::create_directories(dir);
  cv::Mat red(80, 120, CV_8UC3, cv::Scalar(230, 20, 20));  // RGB
  cv::randu(red.colRange(0, 10), 0, 255);                  // some texture
  writeImageRgb((dir / "red.png").string(), red);
  writeImageRgb((dir / "red2.png").string(), red);
  std::ofstream((dir / "broken.jpg").string()) << "not an image";
  std::vector<SkippedPath> skipped;
  const auto photos = loadMotionBackgrounds(dir.string(), 64, &skipped);
  EXPECT_EQ(photos.size(), 2u);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].path.find("broken.jpg"), std::string::npos);
  EXPECT_LE(std::min(photos[0].cols, photos[0].rows), 64);  // scaled down to the short side
  MotionScene scene;
  scene.backgrounds = photos;
  const Clip clip = motionClip(2, 3, 1, 8, 32, scene);
  const cv::Scalar mean = cv::mean(clip.frame(0));
  EXPECT_GT(mean[0], 2 * mean[1]) << "the background is the red photo";
  // No readable image: a clear error, and writeMotionDataset writes nothing.
  fs::remove(dir / "red.png");
  fs::remove(dir / "red2.png");
  EXPECT_THROW(loadMotionBackgrounds(dir.string(), 64, nullptr), ConfigError);
  MotionDatasetOptions o;
  o.out = (fs::temp_directory_path() / "pmg_motion_ds_no_photos").string();
  fs::remove_all(o.out);
  o.classes = 2;
  o.per_class = 2;
  o.size = 32;
  o.backgrounds = dir.string();
  EXPECT_THROW(writeMotionDataset(o), ConfigError);
  EXPECT_FALSE(fs::exists(o.out));
  fs::remove_all(dir);
}
