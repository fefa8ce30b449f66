// The reconstruction figure of paper Figs. 7-8: for every frame, the original, the
// masked input (masked patches greyed), the reconstruction and the per-patch loss
// heatmap (normalised per frame, viridis, blended over the frame). One code path for
// `pmg reconstruct`, training snapshots and the GUI.
#pragma once
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "pmg/base/clip.h"

namespace pmg {
inline namespace figures {

/// Everything the figure shows. `patch_loss[t]` is a (H/p) x (W/p) CV_32F grid of frame t;
/// `masked[t]` the same-size CV_8U grid, 1 where the patch was masked.
struct ReconstructionPanels {
  Clip original;
  Clip reconstruction;
  std::vector<cv::Mat> masked;
  std::vector<cv::Mat> patch_loss;
};

/// Per-frame normalised loss grids: each frame's values mapped to [0, 1] by its own min/max.
std::vector<cv::Mat> normalizePerFrame(const std::vector<cv::Mat>& patch_loss);

/// The masked-input frame: masked patches filled with mid grey; those the decoder did not
/// reconstruct (grid value 2, running-cell masking) with dark grey.
cv::Mat maskedFrame(const cv::Mat& frame_rgb, const cv::Mat& masked_grid);

/// The heatmap frame: per-frame normalised loss over the frame with `opacity`.
cv::Mat heatmapFrame(const cv::Mat& frame_rgb, const cv::Mat& loss01, double opacity = 0.6);

/// Rows = original / masked / reconstruction / heatmap, columns = frames (at most
/// `max_columns`, evenly spaced), a row label strip on the left and a colour legend
/// on the right. RGB uint8.
cv::Mat reconstructionFigure(const ReconstructionPanels& panels, int max_columns = 16,
                             double opacity = 0.6);

/// The four panels of frame t side by side (for MP4 export), RGB uint8.
cv::Mat reconstructionFrame(const ReconstructionPanels& panels, int t, double opacity = 0.6);

/// Writes figure.png, reconstruction.mp4, patch_loss.npy (T', Hp, Wp) float,
/// masked.npy (T', Hp, Wp) uint8, original.npy and reconstruction.npy (T, H, W, 3) uint8 into
/// Writes the four panels side by side, one video frame per clip frame, as an MP4 with
/// the heatmap at `opacity`.
void writeReconstructionVideo(const ReconstructionPanels& panels, const std::string& path,
                              double opacity = 0.6);

/// `dir`.
void writeReconstruction(const ReconstructionPanels& panels, const std::string& dir);

/// Reads what writeReconstruction wrote (for the GUI's frame scrubber). Throws naming
/// the missing or malformed file.
ReconstructionPanels loadReconstruction(const std::string& dir);

}  // namespace figures
}  // namespace pmg
