// Line figures with named x ticks (the experiment report's rank figures): labels stay inside
// the image, and labels wider than their spacing alternate between two rows.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "pmg/figures/plot_figure.h"

namespace {

using pmg::figures::lineFigure;
using pmg::figures::PlotSeries;

const PlotSeries kRanks{"rank", {0, 1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 5, 6, 7, 8}, {}};

/// Whether any pixel of column `x` between rows y0 and y1 differs from the paper colour.
bool inkInColumn(const cv::Mat& img, int x, int y0, int y1) {
  const cv::Vec3b paper = img.at<cv::Vec3b>(0, 0);
  for (int y = y0; y < y1 && y < img.rows; ++y)
    if (img.at<cv::Vec3b>(y, x) != paper) return true;
  return false;
}

TEST(PlotFigure, NamedTicksStayInsideTheImage) {
  const std::vector<std::string> ticks = {
      "fade",   "identity", "color_jitter", "sliding_window",
      "affine", "zoom",     "cutmix",       "perspective_with_a_long_name"};
  const cv::Mat img = lineFigure("ranks", "cells", "rank", {kRanks}, ticks);
  // The tick labels' band lies under the plot area (which ends at row 300).
  EXPECT_FALSE(inkInColumn(img, img.cols - 1, 302, 340));
  EXPECT_FALSE(inkInColumn(img, img.cols - 2, 302, 340));
  EXPECT_TRUE(inkInColumn(img, img.cols - 6, 302, 340) ||
              inkInColumn(img, img.cols - 10, 302, 340));
}

TEST(PlotFigure, WideTickLabelsAlternateRows) {
  const std::vector<std::string> short_ticks = {"a", "b", "c", "d", "e", "f", "g", "h"};
  std::vector<std::string> long_ticks;
  for (const auto& t : short_ticks) long_ticks.push_back(t + "_a_rather_long_cell_name");
  const cv::Mat plain = lineFigure("ranks", "cells", "rank", {kRanks}, {});
  const cv::Mat short_img = lineFigure("ranks", "cells", "rank", {kRanks}, short_ticks);
  const cv::Mat long_img = lineFigure("ranks", "cells", "rank", {kRanks}, long_ticks);
  EXPECT_EQ(short_img.rows, plain.rows);
  EXPECT_EQ(long_img.rows, plain.rows + 14);
}

}  // namespace
