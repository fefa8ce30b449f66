#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "pmg/base/rng.h"
#include "pmg/figures/histogram_figure.h"
#include "pmg/stats/image_stats.h"

using namespace pmg;

namespace {

/// Grey noise whose amplitude spectrum falls as 1 / f^a (random phases).
cv::Mat powerLawNoise(int size, double a, uint64_t seed) {
  Rng rng(seed, 0);
  cv::Mat re(size, size, CV_32F), im(size, size, CV_32F);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const int fy = y <= size / 2 ? y : y - size, fx = x <= size / 2 ? x : x - size;
      const double f = std::hypot(fx, fy), amp = f > 0 ? std::pow(f, -a) : 0.0;
      const double phase = rng.uniform(0, 2 * 3.14159265358979);
      re.at<float>(y, x) = float(amp * std::cos(phase));
      im.at<float>(y, x) = float(amp * std::sin(phase));
    }
  cv::Mat planes[] = {re, im}, complex, out;
  cv::merge(planes, 2, complex);
  cv::idft(complex, out, cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
  cv::normalize(out, out, 0, 255, cv::NORM_MINMAX);
  cv::Mat gray, rgb;
  out.convertTo(gray, CV_8U);
  cv::cvtColor(gray, rgb, cv::COLOR_GRAY2RGB);
  return rgb;
}

}  // namespace

TEST(ImageStats, TheSpectrumExponentOfPowerLawNoiseIsItsExponent) {
  for (double a : {0.8, 1.2, 1.6}) {
    EXPECT_NEAR(spectrumExponent(powerLawNoise(128, a, 3)), a, 0.2) << a;
  }
  EXPECT_LT(spectrumExponent(powerLawNoise(128, 0.8, 4)),
            spectrumExponent(powerLawNoise(128, 1.6, 4)));
}

TEST(ImageStats, ColourMeasures) {
  const cv::Mat grey(32, 32, CV_8UC3, cv::Scalar(90, 90, 90));
  const ColourStats g = colourStats(grey);
  EXPECT_NEAR(g.saturation, 0.0, 1e-9);
  EXPECT_NEAR(g.colourfulness, 0.0, 1e-9);
  EXPECT_NEAR(g.mean_r, 90.0, 1e-9);
  cv::Mat stripes(32, 32, CV_8UC3, cv::Scalar(255, 0, 0));
  stripes(cv::Rect(0, 0, 16, 32)).setTo(cv::Scalar(0, 0, 255));
  const ColourStats c = colourStats(stripes);
  EXPECT_NEAR(c.saturation, 1.0, 1e-9);
  EXPECT_GT(c.colourfulness, 100.0);
}

TEST(ImageStats, TheHistogramFigureHasAPanelPerMeasure) {
  const cv::Mat fig = histogramFigure({{"a", {1, 2, 3}}, {"b", {}}, {"c", {5, 5}}, {"d", {0}}}, 3);
  EXPECT_EQ(fig.cols, 900);
  EXPECT_EQ(fig.rows, 400);
  EXPECT_EQ(fig.type(), CV_8UC3);
}
