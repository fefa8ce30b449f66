#include "pmg/figures/colormap.h"

#include <opencv2/imgproc.hpp>

namespace pmg {
inline namespace figures {

cv::Mat viridis(const cv::Mat& values01) {
  cv::Mat u8, bgr, rgb;
  values01.convertTo(u8, CV_8U, 255.0);
  cv::applyColorMap(u8, bgr, cv::COLORMAP_VIRIDIS);
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

cv::Mat normalizeMinMax(const cv::Mat& values) {
  cv::Mat f;
  values.convertTo(f, CV_32F);
  double lo = 0, hi = 0;
  cv::minMaxLoc(f, &lo, &hi);
  if (hi - lo < 1e-12) return cv::Mat::zeros(f.size(), CV_32F);
  return (f - lo) / (hi - lo);
}

cv::Mat overlayHeatmap(const cv::Mat& frame_rgb, const cv::Mat& values01, double opacity) {
  cv::Mat up;
  cv::resize(values01, up, frame_rgb.size(), 0, 0, cv::INTER_NEAREST);
  cv::Mat colored = viridis(up), out;
  cv::addWeighted(colored, opacity, frame_rgb, 1.0 - opacity, 0.0, out);
  return out;
}

cv::Mat colorbarLegend(int height, int width) {
  cv::Mat ramp(height, 1, CV_32F);
  for (int y = 0; y < height; ++y) ramp.at<float>(y) = 1.0f - float(y) / std::max(1, height - 1);
  cv::Mat bar = viridis(ramp), wide;
  cv::resize(bar, wide, cv::Size(width, height), 0, 0, cv::INTER_NEAREST);
  return wide;
}

}  // namespace figures
}  // namespace pmg
