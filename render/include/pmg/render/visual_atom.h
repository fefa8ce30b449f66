// VisualAtom-style images: nested orbits of two sine waves with noise
// (Takashima et al., CVPR 2023), CPU, deterministic by seed.
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>

namespace pmg::render {

/// Per-category parameters, drawn with the reference ranges.
struct VisualAtomCategory {
  int vertices = 400;                 ///< q in [200, 1000]
  int orbits = 50;                    ///< K in [1, 200]
  double noise = 2.0;                 ///< eta ~ U(0, 4)
  double line_offset = 0.05;          ///< l ~ U(0, 0.1)
  int radius = 30;                    ///< r0 in [10, 60]
  int freq1 = 3, freq2 = 7;           ///< n1, n2 in [0, 20]
  double oval_x = 1.0, oval_y = 1.0;  ///< U(1, 2)
};

/// Draws category `category` of a dataset seeded with `seed`.
VisualAtomCategory drawVisualAtomCategory(uint64_t seed, long category);

/// Renders instance `instance` (centre, gray levels and vertex noise vary), RGB, size x size.
cv::Mat renderVisualAtom(const VisualAtomCategory& category, uint64_t seed, long instance,
                         int size = 512);

}  // namespace pmg::render
