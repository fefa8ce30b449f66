// Perceptual colormaps, heatmap overlays and legends for figures.
#pragma once
#include <opencv2/core.hpp>
#include <vector>

namespace pmg {
inline namespace figures {

/// Maps values in [0, 1] (CV_32F) to RGB uint8 with the viridis colormap.
cv::Mat viridis(const cv::Mat& values01);

/// Normalises a map to [0, 1] by its own min and max (a constant map gives 0).
cv::Mat normalizeMinMax(const cv::Mat& values);

/// Blends the colormapped heatmap (upsampled to the frame) over an RGB frame.
cv::Mat overlayHeatmap(const cv::Mat& frame_rgb, const cv::Mat& values01, double opacity = 0.6);

/// A vertical colour bar with "low"/"high" ticks, height x width, RGB.
cv::Mat colorbarLegend(int height, int width);

}  // namespace figures
}  // namespace pmg
