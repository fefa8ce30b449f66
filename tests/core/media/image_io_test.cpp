#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "pmg/media/image_io.h"
#include "test_images.h"

using namespace pmg;
namespace fs = std::filesystem;

class ImageIo : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("pmg_image_io_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(ImageIo, GrayscaleRgba16BitAndTinyAllLoadAsRgb8) {
  cv::Mat gray(30, 40, CV_8U, cv::Scalar(77));
  cv::imwrite(path("gray.png"), gray);
  cv::Mat rgba(20, 20, CV_8UC4, cv::Scalar(10, 20, 30, 128));
  cv::imwrite(path("rgba.png"), rgba);
  cv::Mat deep(16, 16, CV_16UC3, cv::Scalar(65535, 0, 32768));
  cv::imwrite(path("deep.png"), deep);
  cv::Mat tiny(1, 1, CV_8UC3, cv::Scalar(1, 2, 3));
  cv::imwrite(path("tiny.bmp"), tiny);
  for (const char* f : {"gray.png", "rgba.png", "deep.png", "tiny.bmp"}) {
    const auto img = loadImageRgb(path(f));
    ASSERT_TRUE(img.ok()) << f << ": " << img.error;
    EXPECT_EQ(img.rgb.type(), CV_8UC3) << f;
    const cv::Mat sq = canonicalSquare(img.rgb, 224);
    EXPECT_EQ(sq.rows, 224);
    EXPECT_EQ(sq.cols, 224);
  }
  // BGR on disk -> RGB in memory: the 16-bit blue channel (65535) is channel 2 of RGB.
  const auto d = loadImageRgb(path("deep.png"));
  EXPECT_EQ(d.rgb.at<cv::Vec3b>(0, 0)[2], 255);
  EXPECT_EQ(d.rgb.at<cv::Vec3b>(0, 0)[0], 128);
}

TEST_F(ImageIo, CorruptAndMissingFilesGiveReasons) {
  std::ofstream(path("broken.jpg")) << "this is not a jpeg";
  const auto broken = loadImageRgb(path("broken.jpg"));
  EXPECT_FALSE(broken.ok());
  EXPECT_FALSE(broken.error.empty());
  EXPECT_NE(loadImageRgb(path("missing.png")).error.find("not found"), std::string::npos);
}

TEST_F(ImageIo, CanonicalSquareKeepsTheCentre) {
  cv::Mat wide(100, 300, CV_8UC3, cv::Scalar(0, 0, 0));
  wide(cv::Rect(100, 0, 100, 100)).setTo(cv::Scalar(255, 255, 255));
  const cv::Mat sq = canonicalSquare(wide, 100);
  EXPECT_EQ(sq.size(), cv::Size(100, 100));
  EXPECT_GT(cv::mean(sq)[0], 250);
}

TEST_F(ImageIo, ExifOrientationIsApplied) {
  // A 2x1 JPEG would lose detail; build a 64x32 image with EXIF orientation 6 (rotate 90 cw).
  cv::Mat img(32, 64, CV_8UC3, cv::Scalar(0, 0, 255));
  std::vector<uchar> jpg;
  cv::imencode(".jpg", img, jpg);
  // APP1 Exif segment: big-endian TIFF with one IFD entry (0x0112 orientation = 6).
  const uchar exif[] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0,    0,    'M', 'M',
                        0,    42,   0,    0,    0,   8,   0,   1,   0x01, 0x12, 0,   3,
                        0,    0,    0,    1,    0,   6,   0,   0,   0,    0,    0,   0};
  std::vector<uchar> out(jpg.begin(), jpg.begin() + 2);
  out.insert(out.end(), std::begin(exif), std::end(exif));
  out.insert(out.end(), jpg.begin() + 2, jpg.end());
  std::ofstream(path("rot.jpg"), std::ios::binary)
      .write(reinterpret_cast<const char*>(out.data()), std::streamsize(out.size()));
  const auto loaded = loadImageRgb(path("rot.jpg"));
  ASSERT_TRUE(loaded.ok()) << loaded.error;
  EXPECT_EQ(loaded.rgb.rows, 64);
  EXPECT_EQ(loaded.rgb.cols, 32);
}
