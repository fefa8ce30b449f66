// A grid of labelled histograms as one RGB picture (pmg stats' PNG).
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pmg {
inline namespace figures {

/// One histogram panel: a title and the values it counts.
struct HistogramPanel {
  std::string title;
  std::vector<double> values;
};

/// Panels in a grid of `columns`, each `bins` bars between the values' min and max, with the
/// title, the range and the mean written on it. RGB uint8.
cv::Mat histogramFigure(const std::vector<HistogramPanel>& panels, int columns = 3, int bins = 20);

}  // namespace figures
}  // namespace pmg
