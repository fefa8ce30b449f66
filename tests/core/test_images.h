// Deterministic textured test images for core tests.
#pragma once
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace pmg::test {

/// A smooth, structured RGB uint8 image (gradients + circles), size x size.
inline cv::Mat texturedImage(int size = 224, int variant = 0) {
  cv::Mat img(size, size, CV_8UC3);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((x * 255) / size), uchar((y * 255) / size),
                                          uchar(((x + y + variant * 40) * 3) % 256));
  for (int i = 0; i < 12; ++i) {
    cv::circle(img, cv::Point((37 * i + 11 * variant) % size, (53 * i + 5) % size), 6 + i,
               cv::Scalar(255 - 20 * i, 30 * i % 255, 128), -1);
  }
  return img;
}

}  // namespace pmg::test
