#include "pmg/render/visual_atom.h"

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "pmg/base/random_streams.h"
#include "pmg/base/rng.h"

namespace pmg::render {

VisualAtomCategory drawVisualAtomCategory(uint64_t seed, long category) {
  pmg::Rng rng(pmg::streamSeed(seed, pmg::Stream::VisualAtomCategory), uint64_t(category));
  VisualAtomCategory c;
  c.vertices = int(rng.uniformInt(200, 1000));
  c.orbits = int(rng.uniformInt(1, 200));
  c.noise = rng.uniform(0.0, 4.0);
  c.line_offset = rng.uniform(0.0, 0.1);
  c.radius = int(rng.uniformInt(10, 60));
  c.freq1 = int(rng.uniformInt(0, 20));
  do {
    c.freq2 = int(rng.uniformInt(0, 20));
  } while (c.freq1 != 0 && c.freq2 == c.freq1);
  c.oval_x = rng.uniform(1.0, 2.0);
  c.oval_y = rng.uniform(1.0, 2.0);
  return c;
}

cv::Mat renderVisualAtom(const VisualAtomCategory& c, uint64_t seed, long instance, int size) {
  pmg::Rng rng(pmg::streamSeed(seed, pmg::Stream::VisualAtomInstance), uint64_t(instance));
  cv::Mat img = cv::Mat::zeros(size, size, CV_8UC3);
  const double cx = rng.uniform(0, size), cy = rng.uniform(0, size);
  const int q = c.vertices;
  std::vector<double> theta(static_cast<size_t>(q)), x(theta.size()), y(theta.size());
  for (int i = 0; i < q; ++i) {
    theta[size_t(i)] = 6.283185307179586 * i / q;
    x[size_t(i)] = cx + c.radius * c.oval_x * std::cos(theta[size_t(i)]);
    y[size_t(i)] = cy + c.radius * c.oval_y * std::sin(theta[size_t(i)]);
  }
  std::vector<cv::Point> pts(theta.size());
  const double lambda = 0.5;
  for (int k = 0; k < c.orbits; ++k) {
    const int g = int(rng.uniformInt(0, 255));
    for (int i = 0; i < q; ++i) {
      const double t = theta[size_t(i)];
      // Perlin value at an independent random point acts as i.i.d. jitter in [0, 1].
      const double px = 0.5 + 0.25 * (rng.uniform() + rng.uniform() - 1.0);
      const double py = 0.5 + 0.25 * (rng.uniform() + rng.uniform() - 1.0);
      const double dx =
          c.noise * px - c.noise - lambda * std::sin(c.freq1 * t) - lambda * std::sin(c.freq2 * t);
      const double dy =
          c.noise * py - c.noise - lambda * std::sin(c.freq1 * t) - lambda * std::sin(c.freq2 * t);
      x[size_t(i)] -= std::cos(t) * (dx - c.line_offset);
      y[size_t(i)] -= std::sin(t) * (dy - c.line_offset);
      pts[size_t(i)] = cv::Point(int(std::lround(x[size_t(i)])), int(std::lround(y[size_t(i)])));
    }
    cv::polylines(img, pts, true, cv::Scalar(g, g, g), 1, cv::LINE_8);
  }
  return img;
}

}  // namespace pmg::render
