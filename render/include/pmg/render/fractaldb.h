// FractalDB-style images: IFS categories found by the fill-rate test, instances by
// weight perturbation and flips, drawn by the chaos game (CPU, deterministic by seed).
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

namespace pmg::render {

/// One affine map x' = a x + b y + e, y' = c x + d y + f, with probability p.
struct IfsMap {
  double a, b, c, d, e, f, p;
};

/// An IFS category.
struct IfsSystem {
  std::vector<IfsMap> maps;
  double fill_rate = 0.0;
};

/// Search options (FractalDB defaults: 2..7 maps, 100k points, fill >= 0.2 at 512 px).
struct FractalSearchOptions {
  int min_maps = 2, max_maps = 7;
  int points = 100000;
  int test_size = 512;
  double min_fill = 0.2;
  int max_tries = 2000;
};

/// Chaos-game points of a system (x, y pairs), fixed point sequence from `point_seed`.
std::vector<cv::Point2d> chaosGame(const IfsSystem& system, int points, uint64_t point_seed);

/// Fraction of non-zero pixels when the points are drawn at size x size (pad 6).
double fillRate(const std::vector<cv::Point2d>& points, int size);

/// Finds category `category` of a search seeded with `seed` (deterministic).
/// Throws std::runtime_error if max_tries candidates all fail the fill test.
IfsSystem searchFractalCategory(uint64_t seed, long category,
                                const FractalSearchOptions& options = {});

/// Renders instance `instance` of a category: weight perturbation (25 multipliers
/// of FractalDB, k = 0.4) x 4 flips, 3x3 random-mask patches, gray or colour, RGB.
cv::Mat renderFractalInstance(const IfsSystem& system, long instance, int size, int points = 200000,
                              bool color = true);

}  // namespace pmg::render
