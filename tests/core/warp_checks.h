// Checks shared by the warp tests: exact double-precision bilinear sampling and image differences.
#pragma once
#include <cmath>
#include <opencv2/core.hpp>

namespace pmg::test {

/// Exact bilinear sample of the inverse map in double precision, black outside.
inline cv::Mat exactBilinear(const cv::Mat& src, const cv::Matx33d& m, int size) {
  const cv::Matx33d inv = m.inv();
  cv::Mat out(size, size, CV_8UC3);
  auto at = [&](int x, int y, int c) {
    return x < 0 || y < 0 || x >= src.cols || y >= src.rows ? 0.0 : src.at<cv::Vec3b>(y, x)[c];
  };
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const double w = inv(2, 0) * x + inv(2, 1) * y + inv(2, 2);
      const double sx = (inv(0, 0) * x + inv(0, 1) * y + inv(0, 2)) / w;
      const double sy = (inv(1, 0) * x + inv(1, 1) * y + inv(1, 2)) / w;
      const int ix = int(std::floor(sx)), iy = int(std::floor(sy));
      const double fx = sx - ix, fy = sy - iy;
      for (int c = 0; c < 3; ++c) {
        const double v = (1 - fy) * ((1 - fx) * at(ix, iy, c) + fx * at(ix + 1, iy, c)) +
                         fy * ((1 - fx) * at(ix, iy + 1, c) + fx * at(ix + 1, iy + 1, c));
        out.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(v);
      }
    }
  return out;
}

/// Mean absolute difference over all channels.
inline double meanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::mean(diff.reshape(1))[0];
}

/// Largest absolute difference of any channel.
inline double maxAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  double mx = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &mx);
  return mx;
}

}  // namespace pmg::test
