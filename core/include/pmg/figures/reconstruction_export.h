// Reconstructions for a paper or a talk: every panel at least 224 px with its title,
// the frame index, a loss colour bar, and a title line naming the run, the checkpoint
// step and the input. Used by the GUI's PNG and MP4 exports.
#pragma once
#include <opencv2/core.hpp>
#include <string>

#include "pmg/figures/reconstruction_figure.h"

namespace pmg {
inline namespace figures {

/// Frame t as four titled panels side by side (each >= `min_panel` px), a colour bar,
/// `title` on top and "frame t / T" in the corner. RGB uint8.
cv::Mat labelledReconstructionFrame(const ReconstructionPanels& panels, int t, double opacity,
                                    const std::string& title, int min_panel = 224);

/// The whole-clip figure at `opacity` with `title` on top. RGB uint8.
cv::Mat labelledReconstructionFigure(const ReconstructionPanels& panels, double opacity,
                                     const std::string& title);

/// Writes every labelled frame as an MP4 (H.264 where available); returns the codec.
std::string writeLabelledReconstructionVideo(const ReconstructionPanels& panels,
                                             const std::string& path, double opacity,
                                             const std::string& title, double fps = 4.0);

}  // namespace figures
}  // namespace pmg
