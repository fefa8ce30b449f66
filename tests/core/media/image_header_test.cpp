// Bounded decoding: sizes from headers, decompression bombs refused or reduced before
// decoding, truncated files skipped rather than half-decoded.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "pmg/media/image_header.h"
#include "pmg/media/image_io.h"

namespace fs = std::filesystem;
using namespace pmg;

namespace {

std::string tempFile(const std::string& name) {
  return (fs::temp_directory_path() / ("pmg-header-" + name)).string();
}

cv::Mat pattern(int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(m, m, cv::Size(0, 0), 3);
  return m;
}

void put32(std::string& s, uint32_t v) {
  for (int i = 3; i >= 0; --i) s.push_back(char((v >> (8 * i)) & 0xFF));
}

}  // namespace

TEST(ImageHeader, SizesOfPngJpegBmpFromTheHeaderAlone) {
  const cv::Mat img = pattern(123, 45);
  for (const char* ext : {".png", ".jpg", ".bmp", ".ppm"}) {
    const std::string path = tempFile(std::string("dims") + ext);
    ASSERT_TRUE(cv::imwrite(path, img));
    const auto d = readImageDims(path);
    ASSERT_TRUE(d.has_value()) << ext;
    EXPECT_EQ(d->width, 123) << ext;
    EXPECT_EQ(d->height, 45) << ext;
    EXPECT_TRUE(imageFileLooksComplete(path)) << ext;
  }
}

TEST(ImageHeader, AHugePngIsRefusedFromItsHeaderWithoutDecoding) {
  // A 20000 x 20000 PNG header (what a decompression bomb declares): refused by size,
  // naming the size and the limit, before any pixel is decoded.
  std::string png("\x89PNG\r\n\x1a\n", 8);
  put32(png, 13);
  png += "IHDR";
  put32(png, 20000);
  put32(png, 20000);
  png += std::string("\x08\x02\x00\x00\x00", 5);
  put32(png, 0);  // CRC (not checked before the size test)
  png += std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  const std::string path = tempFile("bomb.png");
  std::ofstream(path, std::ios::binary) << png;
  const auto img = loadImageRgb(path);
  EXPECT_FALSE(img.ok());
  EXPECT_NE(img.error.find("20000x20000"), std::string::npos) << img.error;
  EXPECT_NE(img.error.find("PMG_MAX_IMAGE_PIXELS"), std::string::npos) << img.error;
}

TEST(ImageHeader, AJpegOverTheLimitIsDecodedReducedByTheDecoder) {
  const std::string path = tempFile("big.jpg");
  ASSERT_TRUE(cv::imwrite(path, pattern(1600, 1200)));
  ::setenv("PMG_MAX_IMAGE_PIXELS", "200000", 1);
  const auto img = loadImageRgb(path);
  ::unsetenv("PMG_MAX_IMAGE_PIXELS");
  ASSERT_TRUE(img.ok()) << img.error;
  EXPECT_LE(int64_t(img.rgb.cols) * img.rgb.rows, 200000);
  EXPECT_EQ(img.rgb.cols * 1200, img.rgb.rows * 1600);  // same aspect, reduced by 2^k
  EXPECT_EQ(loadImageRgb(path).rgb.cols, 1600);         // under the default limit: full size
}

TEST(ImageHeader, TruncatedPngAndJpegAreSkippedNotHalfDecoded) {
  for (const char* ext : {".png", ".jpg"}) {
    const std::string path = tempFile(std::string("cut") + ext);
    ASSERT_TRUE(cv::imwrite(path, pattern(200, 200)));
    fs::resize_file(path, fs::file_size(path) * 2 / 3);
    EXPECT_FALSE(imageFileLooksComplete(path)) << ext;
    const auto img = loadImageRgb(path);
    EXPECT_FALSE(img.ok()) << ext;
    EXPECT_NE(img.error.find("truncated"), std::string::npos) << ext << ": " << img.error;
  }
}
