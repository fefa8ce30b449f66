// Textured in-memory images, so training tests need no files or GL.
#pragma once
#include <opencv2/imgproc.hpp>
#include <string>

#include "pmg/media/image_source.h"

namespace pmg::test {

/// Eight 64x64 textured images with a bright disc; image i is shifted by i.
class SyntheticSource : public pmg::ImageSource {
 public:
  long size() const override { return 8; }
  std::string itemName(long i) const override { return "synthetic-" + std::to_string(i); }
  std::string describe() const override { return "synthetic"; }
  pmg::LoadedImage load(long i, pmg::Rng&) override {
    pmg::LoadedImage out;
    out.rgb = cv::Mat(64, 64, CV_8UC3);
    for (int y = 0; y < 64; ++y)
      for (int x = 0; x < 64; ++x)
        out.rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((x * 4 + i * 30) % 256), uchar((y * 4) % 256),
                                                uchar((x + y + i * 20) * 2 % 256));
    cv::circle(out.rgb, cv::Point(20 + 3 * int(i), 30), 10, cv::Scalar(255, 255, 255), -1);
    return out;
  }
};

}  // namespace pmg::test
