#include "pmg/figures/histogram_figure.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <opencv2/imgproc.hpp>

namespace pmg {
inline namespace figures {

namespace {

void drawPanel(cv::Mat& img, const HistogramPanel& p, int bins) {
  const int w = img.cols, h = img.rows, left = 12, right = 12, top = 30, bottom = 34;
  const cv::Scalar ink(40, 40, 40), bar(70, 120, 200);
  cv::putText(img, p.title, {left, 20}, cv::FONT_HERSHEY_SIMPLEX, 0.5, ink, 1, cv::LINE_AA);
  if (p.values.empty()) {
    cv::putText(img, "no values", {left, h / 2}, cv::FONT_HERSHEY_SIMPLEX, 0.45, ink, 1,
                cv::LINE_AA);
    return;
  }
  const auto [lo_it, hi_it] = std::minmax_element(p.values.begin(), p.values.end());
  double lo = *lo_it, hi = *hi_it;
  if (hi <= lo) hi = lo + 1e-9;
  std::vector<int> counts(size_t(bins), 0);
  for (double v : p.values)
    ++counts[size_t(std::clamp(int((v - lo) / (hi - lo) * bins), 0, bins - 1))];
  const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
  const double bw = double(w - left - right) / bins;
  for (int b = 0; b < bins; ++b) {
    const int bh = int(double(h - top - bottom) * counts[size_t(b)] / most);
    cv::rectangle(img, cv::Point(int(left + b * bw) + 1, h - bottom - bh),
                  cv::Point(int(left + (b + 1) * bw) - 1, h - bottom), bar, cv::FILLED);
  }
  cv::line(img, {left, h - bottom}, {w - right, h - bottom}, ink, 1);
  const double mean = std::accumulate(p.values.begin(), p.values.end(), 0.0) / p.values.size();
  char text[96];
  std::snprintf(text, sizeof text, "%.3g", lo);
  cv::putText(img, text, {left, h - bottom + 14}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1,
              cv::LINE_AA);
  std::snprintf(text, sizeof text, "%.3g", hi);
  cv::putText(img, text, {w - right - 40, h - bottom + 14}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1,
              cv::LINE_AA);
  std::snprintf(text, sizeof text, "mean %.3g, n %zu", mean, p.values.size());
  cv::putText(img, text, {left, h - 6}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1, cv::LINE_AA);
}

}  // namespace

cv::Mat histogramFigure(const std::vector<HistogramPanel>& panels, int columns, int bins) {
  const int pw = 300, ph = 200;
  columns = std::max(1, columns);
  const int rows = std::max(1, int((panels.size() + size_t(columns) - 1) / size_t(columns)));
  cv::Mat fig(rows * ph, columns * pw, CV_8UC3, cv::Scalar(250, 250, 250));
  for (size_t i = 0; i < panels.size(); ++i) {
    cv::Mat cell =
        fig(cv::Rect(int(i % size_t(columns)) * pw, int(i / size_t(columns)) * ph, pw, ph));
    cv::rectangle(cell, {0, 0}, {pw - 1, ph - 1}, cv::Scalar(210, 210, 210), 1);
    drawPanel(cell, panels[i], bins);
  }
  return fig;
}

}  // namespace figures
}  // namespace pmg
