#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "pmg/media/png_writer.h"

#if PMG_HAVE_OPENCV_IO
#include <opencv2/imgcodecs.hpp>
#endif

using namespace pmg;

TEST(PngWriter, SignatureChunksAndSize) {
  cv::Mat img(300, 400, CV_8UC3);
  cv::randu(img, 0, 255);
  const std::string png = encodePngRgb(img);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_NE(png.find("IDAT"), std::string::npos);
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
  // Stored deflate: raw scanlines + 5 bytes per 64 KiB block + headers.
  const size_t raw = 300 * (400 * 3 + 1);
  EXPECT_GT(png.size(), raw);
  EXPECT_LT(png.size(), raw + 5 * (raw / 65535 + 1) + 100);
}

#if PMG_HAVE_OPENCV_IO
TEST(PngWriter, OpenCvDecodesItBackExactly) {
  cv::Mat img(131, 77, CV_8UC3);  // odd sizes, several deflate blocks not needed
  cv::randu(img, 0, 255);
  const std::string png = encodePngRgb(img);
  const cv::Mat bgr = cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_COLOR);
  ASSERT_FALSE(bgr.empty());
  std::vector<cv::Mat> ch;
  cv::split(bgr, ch);
  std::swap(ch[0], ch[2]);
  cv::Mat rgb;
  cv::merge(ch, rgb);
  EXPECT_EQ(cv::norm(rgb, img, cv::NORM_INF), 0.0);
  cv::Mat big(400, 300, CV_8UC3);  // > 64 KiB of scanlines: several stored blocks
  cv::randu(big, 0, 255);
  const std::string png2 = encodePngRgb(big);
  EXPECT_FALSE(
      cv::imdecode(std::vector<uchar>(png2.begin(), png2.end()), cv::IMREAD_COLOR).empty());
}
#endif
