#include "pmg/figures/reconstruction_figure.h"

#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "pmg/figures/colormap.h"
#include "pmg/media/image_io.h"
#include "pmg/media/npy.h"
#include "pmg/media/video_io.h"

namespace pmg {
inline namespace figures {

namespace {

cv::Mat labelStrip(int height, int rows, int row_height, int gap) {
  cv::Mat strip(height, 120, CV_8UC3, cv::Scalar(255, 255, 255));
  const char* names[4] = {"original", "masked", "reconstruction", "loss heatmap"};
  for (int r = 0; r < rows; ++r) {
    cv::putText(strip, names[r], cv::Point(4, r * (row_height + gap) + row_height / 2 + 4),
                cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  }
  return strip;
}

cv::Mat legend(int height) {
  cv::Mat out(height, 60, CV_8UC3, cv::Scalar(255, 255, 255));
  const int bar_h = std::max(16, height - 40);
  colorbarLegend(bar_h, 14).copyTo(out(cv::Rect(6, 20, 14, bar_h)));
  cv::putText(out, "high", cv::Point(22, 28), cv::FONT_HERSHEY_SIMPLEX, 0.35, cv::Scalar(0, 0, 0),
              1, cv::LINE_AA);
  cv::putText(out, "low", cv::Point(22, 20 + bar_h), cv::FONT_HERSHEY_SIMPLEX, 0.35,
              cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  cv::putText(out, "loss/frame", cv::Point(2, 12), cv::FONT_HERSHEY_SIMPLEX, 0.3,
              cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  return out;
}

/// Loss grid index of frame t: tubes span `tubelet` frames.
size_t gridOf(const ReconstructionPanels& p, int t) {
  const size_t slices = p.patch_loss.size();
  const int tubelet = std::max(1, p.original.frames / int(std::max<size_t>(1, slices)));
  return std::min(slices - 1, size_t(t / tubelet));
}

}  // namespace

std::vector<cv::Mat> normalizePerFrame(const std::vector<cv::Mat>& patch_loss) {
  std::vector<cv::Mat> out;
  for (const auto& m : patch_loss) out.push_back(normalizeMinMax(m));
  return out;
}

cv::Mat maskedFrame(const cv::Mat& frame, const cv::Mat& grid) {
  cv::Mat out = frame.clone();
  const int ph = frame.rows / grid.rows, pw = frame.cols / grid.cols;
  for (int y = 0; y < grid.rows; ++y)
    for (int x = 0; x < grid.cols; ++x)
      if (const uint8_t v = grid.at<uint8_t>(y, x))  // 2: masked, not decoded (running cell)
        out(cv::Rect(x * pw, y * ph, pw, ph)).setTo(cv::Scalar::all(v == 2 ? 64 : 128));
  return out;
}

cv::Mat heatmapFrame(const cv::Mat& frame, const cv::Mat& loss01, double opacity) {
  return overlayHeatmap(frame, loss01, opacity);
}

cv::Mat reconstructionFrame(const ReconstructionPanels& p, int t, double opacity) {
  const size_t g = gridOf(p, t);
  const auto norm = normalizeMinMax(p.patch_loss[g]);
  std::vector<cv::Mat> row = {
      p.original.frame(t).clone(), maskedFrame(p.original.frame(t), p.masked[g]),
      p.reconstruction.frame(t).clone(), heatmapFrame(p.original.frame(t), norm, opacity)};
  cv::Mat out;
  cv::hconcat(row, out);
  return out;
}

cv::Mat reconstructionFigure(const ReconstructionPanels& p, int max_columns, double opacity) {
  // Small clips (tiny models) are enlarged with nearest-neighbour so patches stay crisp.
  const int scale = std::max(1, 96 / std::max(1, p.original.height));
  const int T = p.original.frames, H = p.original.height * scale, W = p.original.width * scale,
            gap = 2;
  const int cols = std::min(T, max_columns);
  const int rows = 4;
  cv::Mat grid((H + gap) * rows - gap, (W + gap) * cols - gap, CV_8UC3, cv::Scalar(255, 255, 255));
  for (int c = 0; c < cols; ++c) {
    const int t = cols == 1 ? 0 : int(std::lround(double(c) * (T - 1) / (cols - 1)));
    const size_t g = gridOf(p, t);
    const auto norm = normalizeMinMax(p.patch_loss[g]);
    const cv::Mat panels[4] = {p.original.frame(t), maskedFrame(p.original.frame(t), p.masked[g]),
                               p.reconstruction.frame(t),
                               heatmapFrame(p.original.frame(t), norm, opacity)};
    for (int r = 0; r < rows; ++r) {
      cv::Mat cell = grid(cv::Rect(c * (W + gap), r * (H + gap), W, H));
      cv::resize(panels[r], cell, cell.size(), 0, 0, cv::INTER_NEAREST);
    }
  }
  cv::Mat out;
  cv::hconcat(std::vector<cv::Mat>{labelStrip(grid.rows, rows, H, gap), grid, legend(grid.rows)},
              out);
  return out;
}

void writeReconstructionVideo(const ReconstructionPanels& p, const std::string& path,
                              double opacity) {
  Clip frames(p.original.frames, p.original.height, p.original.width * 4);
  for (int t = 0; t < p.original.frames; ++t)
    reconstructionFrame(p, t, opacity).copyTo(frames.frame(t));
  writeClipMp4(path, frames);
}

void writeReconstruction(const ReconstructionPanels& p, const std::string& dir) {
  std::filesystem::create_directories(dir);
  writeImageRgb(dir + "/figure.png", reconstructionFigure(p));
  if (haveVideoIo()) writeReconstructionVideo(p, dir + "/reconstruction.mp4");
  const int slices = int(p.patch_loss.size()), gh = p.patch_loss[0].rows, gw = p.patch_loss[0].cols;
  std::vector<float> loss;
  for (const auto& m : p.patch_loss) loss.insert(loss.end(), m.begin<float>(), m.end<float>());
  writeNpyF32(dir + "/patch_loss.npy", loss.data(), {slices, gh, gw});
  writeNpyU8(dir + "/reconstruction.npy", p.reconstruction.data.data(),
             {p.reconstruction.frames, p.reconstruction.height, p.reconstruction.width, 3});
  writeNpyU8(dir + "/original.npy", p.original.data.data(),
             {p.original.frames, p.original.height, p.original.width, 3});
  std::vector<uint8_t> masked;
  for (const auto& m : p.masked) masked.insert(masked.end(), m.begin<uint8_t>(), m.end<uint8_t>());
  writeNpyU8(dir + "/masked.npy", masked.data(), {slices, gh, gw});
}

namespace {

Clip readClipNpy(const std::string& path) {
  const NpyArray a = readNpy(path);
  if (a.dtype != "|u1" || a.shape.size() != 4 || a.shape[3] != 3)
    throw std::runtime_error(path + ": expected uint8 (T, H, W, 3)");
  Clip c(int(a.shape[0]), int(a.shape[1]), int(a.shape[2]));
  c.data = a.bytes;
  return c;
}

std::vector<cv::Mat> readGrids(const std::string& path, int type) {
  const NpyArray a = readNpy(path);
  if (a.shape.size() != 3) throw std::runtime_error(path + ": expected (slices, rows, cols)");
  std::vector<cv::Mat> out;
  const size_t item = type == CV_8U ? 1 : 4, plane = size_t(a.shape[1] * a.shape[2]) * item;
  for (int64_t s = 0; s < a.shape[0]; ++s) {
    out.push_back(cv::Mat(int(a.shape[1]), int(a.shape[2]), type,
                          const_cast<uint8_t*>(a.bytes.data()) + s * plane)
                      .clone());
  }
  return out;
}

}  // namespace

ReconstructionPanels loadReconstruction(const std::string& dir) {
  ReconstructionPanels p;
  p.original = readClipNpy(dir + "/original.npy");
  p.reconstruction = readClipNpy(dir + "/reconstruction.npy");
  p.masked = readGrids(dir + "/masked.npy", CV_8U);
  p.patch_loss = readGrids(dir + "/patch_loss.npy", CV_32F);
  if (p.masked.size() != p.patch_loss.size() || p.masked.empty())
    throw std::runtime_error(dir + ": masked and loss grids disagree");
  return p;
}

}  // namespace figures
}  // namespace pmg
