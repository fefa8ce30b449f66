#include "pmg/stats/image_stats.h"

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace pmg {
inline namespace stats {

double spectrumExponent(const cv::Mat& rgb) {
  cv::Mat gray, f;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  gray.convertTo(f, CV_32F, 1.0 / 255.0);
  f -= cv::mean(f)[0];
  // A Hann window keeps the frame's edges out of the spectrum.
  cv::Mat window;
  cv::createHanningWindow(window, f.size(), CV_32F);
  f = f.mul(window);
  cv::Mat planes[] = {f, cv::Mat::zeros(f.size(), CV_32F)}, complex;
  cv::merge(planes, 2, complex);
  cv::dft(complex, complex);
  cv::split(complex, planes);
  cv::Mat power;
  cv::magnitude(planes[0], planes[1], power);
  power = power.mul(power);
  const int h = f.rows, w = f.cols, rmax = std::min(h, w) / 2;
  std::vector<double> sum(size_t(rmax + 1), 0.0);
  std::vector<int> count(size_t(rmax + 1), 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int fy = y <= h / 2 ? y : y - h, fx = x <= w / 2 ? x : x - w;
      const int r = int(std::lround(std::hypot(fx, fy)));
      if (r < 1 || r > rmax) continue;
      sum[size_t(r)] += power.at<float>(y, x);
      ++count[size_t(r)];
    }
  // Fit log P = c - alpha log f over f in [2, rmax / 2] (below: the window; above: aliasing).
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (int r = 2; r <= rmax / 2; ++r) {
    if (count[size_t(r)] == 0 || sum[size_t(r)] <= 0) continue;
    const double x = std::log(double(r)), y = std::log(sum[size_t(r)] / count[size_t(r)]);
    sx += x, sy += y, sxx += x * x, sxy += x * y;
    ++n;
  }
  if (n < 3) return 0.0;
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return -slope / 2.0;  // amplitude exponent
}

ColourStats colourStats(const cv::Mat& rgb) {
  ColourStats s;
  const cv::Scalar m = cv::mean(rgb);
  s.mean_r = m[0], s.mean_g = m[1], s.mean_b = m[2];
  cv::Mat hsv;
  cv::cvtColor(rgb, hsv, cv::COLOR_RGB2HSV);
  s.saturation = cv::mean(hsv)[1] / 255.0;
  cv::Mat f;
  rgb.convertTo(f, CV_32FC3);
  std::vector<cv::Mat> c;
  cv::split(f, c);
  const cv::Mat rg = c[0] - c[1], yb = 0.5 * (c[0] + c[1]) - c[2];
  cv::Scalar mrg, srg, myb, syb;
  cv::meanStdDev(rg, mrg, srg);
  cv::meanStdDev(yb, myb, syb);
  s.colourfulness = std::hypot(srg[0], syb[0]) + 0.3 * std::hypot(mrg[0], myb[0]);
  return s;
}

}  // namespace stats
}  // namespace pmg
