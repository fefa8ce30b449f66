#include "pmg/batch_mix.h"

#include <cmath>
#include <opencv2/core.hpp>

namespace pmg {

namespace {

cv::Mat flat(Clip& c) {
  return cv::Mat(1, int(c.data.size()), CV_8U, c.data.data());
}

}  // namespace

std::vector<MixRecord> videoMixup(std::vector<Clip>& batch, double alpha, double probability,
                                  Rng& rng) {
  const int n = int(batch.size());
  std::vector<MixRecord> records(n);
  if (n < 2) return records;
  // Draw every decision first (in index order), then mix each pair (i, n-1-i) in place
  // with a single temporary copy instead of copying the whole batch.
  for (int i = 0; i < n; ++i) {
    const int j = n - 1 - i;
    const double lambda = rng.beta(alpha, alpha);
    if (j != i && rng.bernoulli(probability)) records[i] = {j, lambda};
  }
  cv::Mat original_i;
  for (int i = 0; i < n / 2; ++i) {
    const int j = n - 1 - i;
    cv::Mat a = flat(batch[i]), b = flat(batch[j]);
    const bool mix_i = records[i].partner >= 0, mix_j = records[j].partner >= 0;
    if (mix_j) a.copyTo(original_i);
    if (mix_i) cv::addWeighted(a, records[i].lambda, b, 1.0 - records[i].lambda, 0.0, a);
    if (mix_j) cv::addWeighted(b, records[j].lambda, original_i, 1.0 - records[j].lambda, 0.0, b);
  }
  return records;
}

std::vector<MixRecord> videoMix(std::vector<Clip>& batch, double alpha, double probability,
                                Rng& rng) {
  const int n = int(batch.size());
  std::vector<MixRecord> records(n);
  if (n < 2) return records;
  const std::vector<Clip> originals = batch;
  for (int i = 0; i < n; ++i) {
    const int j = n - 1 - i;
    const double lambda = rng.beta(alpha, alpha);
    if (j == i || !rng.bernoulli(probability)) continue;
    Clip& dst = batch[i];
    const Clip& src = originals[j];
    // Box with volume fraction (1 - lambda): each side scaled by cbrt(1 - lambda).
    const double r = std::cbrt(1.0 - lambda);
    const int bt = std::max(1, int(std::lround(dst.frames * r)));
    const int bh = std::max(1, int(std::lround(dst.height * r)));
    const int bw = std::max(1, int(std::lround(dst.width * r)));
    const int t0 = int(rng.uniformInt(0, dst.frames - bt));
    const int y0 = int(rng.uniformInt(0, dst.height - bh));
    const int x0 = int(rng.uniformInt(0, dst.width - bw));
    for (int t = t0; t < t0 + bt; ++t) {
      src.frame(t)(cv::Rect(x0, y0, bw, bh)).copyTo(dst.frame(t)(cv::Rect(x0, y0, bw, bh)));
    }
    const double box = double(bt) * bh * bw / (double(dst.frames) * dst.height * dst.width);
    records[i] = {j, 1.0 - box};
  }
  return records;
}

std::vector<MixRecord> applyBatchMix(std::vector<Clip>& batch, const PmgConfig& c, Rng& rng) {
  switch (c.batch_mix) {
    case BatchMix::Mixup:
      return videoMixup(batch, c.mix_alpha, c.mix_probability, rng);
    case BatchMix::VideoMix:
      return videoMix(batch, c.mix_alpha, c.mix_probability, rng);
    default:
      return std::vector<MixRecord>(batch.size());
  }
}

}  // namespace pmg
