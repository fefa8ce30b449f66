// Simple result plots as RGB pictures (experiment figures): bars with error bars and
// line series with error bands, with axes, ticks and a legend.
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace figures {

/// One bar: its label, height and error (half-length of the error bar; 0 = none).
struct PlotBar {
  std::string label;
  double value = 0.0;
  double error = 0.0;
};

/// A line through (x, y) points with per-point errors (drawn as error bars).
struct PlotSeries {
  std::string name;
  std::vector<double> x, y, error;
};

/// One estimate and its interval (lo <= value <= hi), e.g. a correlation and its bootstrap
/// interval.
struct PlotInterval {
  std::string label;
  double value = 0.0, lo = 0.0, hi = 0.0;
};

/// Estimates as dots with whiskers over a fixed y range [y_lo, y_hi], a line at y = 0 and
/// labels under them (rank correlations of several experiments side by side). RGB uint8.
cv::Mat intervalFigure(const std::string& title, const std::string& y_label,
                       const std::vector<PlotInterval>& items, double y_lo, double y_hi);

/// Bars from 0 with labels under them; the best bar is drawn darker. RGB uint8.
cv::Mat barFigure(const std::string& title, const std::string& y_label,
                  const std::vector<PlotBar>& bars);

/// Series against x; `x_ticks` (optional) name the positions x = 0, 1, 2, ...; `log_y`
/// plots y on a log scale (loss curves). RGB uint8.
cv::Mat lineFigure(const std::string& title, const std::string& x_label, const std::string& y_label,
                   const std::vector<PlotSeries>& series,
                   const std::vector<std::string>& x_ticks = {}, bool log_y = false);

}  // namespace figures
}  // namespace pmg
