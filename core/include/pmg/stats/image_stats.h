// Image statistics that say whether synthetic frames look like natural ones: the power
// spectrum's exponent and colour measures (after Yu et al.'s dataset analysis).
#pragma once
#include <opencv2/core.hpp>

namespace pmg {
inline namespace stats {

/// alpha of a radially averaged power spectrum P(f) ~ 1 / f^alpha of an RGB uint8 image's luma,
/// fitted by least squares in log-log over the mid frequencies (natural images: about 2 for
/// power, i.e. 1 for amplitude; Yu et al. find the amplitude exponent 1.2-1.4 works best and we
/// report the amplitude exponent, alpha / 2).
double spectrumExponent(const cv::Mat& rgb);

/// Colour measures of an RGB uint8 image.
struct ColourStats {
  double mean_r = 0, mean_g = 0, mean_b = 0;  ///< 0..255
  double saturation = 0;                      ///< mean HSV saturation, 0..1
  double colourfulness = 0;  ///< Hasler and Suesstrunk's M (rg / yb opponent spread)
};
ColourStats colourStats(const cv::Mat& rgb);

}  // namespace stats
}  // namespace pmg
