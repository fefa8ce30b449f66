#include "pmg/figures/reconstruction_export.h"

#include <opencv2/imgproc.hpp>
#include <vector>

#include "pmg/figures/colormap.h"
#include "pmg/media/video_io.h"

namespace pmg {
inline namespace figures {

namespace {

const cv::Scalar kInk(20, 20, 20), kPaper(255, 255, 255);

/// A white strip of `height` with `text` at the left, scaled to fit `width`.
cv::Mat titleStrip(const std::string& text, int width, int height, double scale) {
  cv::Mat strip(height, width, CV_8UC3, kPaper);
  int baseline = 0;
  cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  if (size.width > width - 12) {
    scale *= double(width - 12) / size.width;
    size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  }
  cv::putText(strip, text, cv::Point(6, (height + size.height) / 2), cv::FONT_HERSHEY_SIMPLEX,
              scale, kInk, 1, cv::LINE_AA);
  return strip;
}

/// Panel `image` enlarged (nearest, crisp patches) to `side` with `title` above it.
cv::Mat titledPanel(const cv::Mat& image, int side, const std::string& title) {
  cv::Mat big;
  cv::resize(image, big, cv::Size(side, side * image.rows / std::max(1, image.cols)), 0, 0,
             cv::INTER_NEAREST);
  cv::Mat out;
  cv::vconcat(titleStrip(title, big.cols, 26, 0.55), big, out);
  return out;
}

/// Vertical colour bar with "high"/"low" and a caption, `height` tall.
cv::Mat colourBar(int height) {
  cv::Mat out(height, 92, CV_8UC3, kPaper);
  const int top = 34, bar_h = std::max(16, height - top - 20);
  colorbarLegend(bar_h, 18).copyTo(out(cv::Rect(8, top, 18, bar_h)));
  cv::putText(out, "high", cv::Point(30, top + 10), cv::FONT_HERSHEY_SIMPLEX, 0.45, kInk, 1,
              cv::LINE_AA);
  cv::putText(out, "low", cv::Point(30, top + bar_h), cv::FONT_HERSHEY_SIMPLEX, 0.45, kInk, 1,
              cv::LINE_AA);
  cv::putText(out, "loss per", cv::Point(4, 14), cv::FONT_HERSHEY_SIMPLEX, 0.4, kInk, 1,
              cv::LINE_AA);
  cv::putText(out, "frame", cv::Point(4, 28), cv::FONT_HERSHEY_SIMPLEX, 0.4, kInk, 1, cv::LINE_AA);
  return out;
}

}  // namespace

cv::Mat labelledReconstructionFrame(const ReconstructionPanels& p, int t, double opacity,
                                    const std::string& title, int min_panel) {
  const cv::Mat row = reconstructionFrame(p, t, opacity);  // four panels side by side
  const int w = row.cols / 4;
  const int side = std::max(min_panel, w);
  const char* names[4] = {"original", "masked input", "reconstruction", "loss heatmap"};
  std::vector<cv::Mat> panels;
  for (int i = 0; i < 4; ++i) {
    panels.push_back(titledPanel(row(cv::Rect(i * w, 0, w, row.rows)), side, names[i]));
    if (i < 3) panels.push_back(cv::Mat(panels.back().rows, 4, CV_8UC3, kPaper));
  }
  panels.push_back(colourBar(panels[0].rows));
  cv::Mat body;
  cv::hconcat(panels, body);
  const std::string frame =
      "frame " + std::to_string(t) + " / " + std::to_string(p.original.frames - 1);
  cv::Mat out;
  cv::vconcat(titleStrip(title + "    " + frame, body.cols, 34, 0.6), body, out);
  return out;
}

cv::Mat labelledReconstructionFigure(const ReconstructionPanels& p, double opacity,
                                     const std::string& title) {
  const cv::Mat figure = reconstructionFigure(p, 16, opacity);
  cv::Mat out;
  cv::vconcat(titleStrip(title, figure.cols, 30, 0.5), figure, out);
  return out;
}

std::string writeLabelledReconstructionVideo(const ReconstructionPanels& p, const std::string& path,
                                             double opacity, const std::string& title, double fps) {
  std::vector<cv::Mat> frames;
  for (int t = 0; t < p.original.frames; ++t)
    frames.push_back(labelledReconstructionFrame(p, t, opacity, title));
  return writeFramesMp4(path, frames, fps);
}

}  // namespace figures
}  // namespace pmg
