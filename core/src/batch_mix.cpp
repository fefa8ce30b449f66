#include "pmg/batch_mix.h"

#include <cmath>
#include <opencv2/core.hpp>

namespace pmg {

std::vector<MixRecord> videoMixup(std::vector<Clip>& batch, double alpha, double probability,
                                  Rng& rng) {
  const int n = int(batch.size());
  std::vector<MixRecord> records(n);
  if (n < 2) return records;
  const std::vector<Clip> originals = batch;
  for (int i = 0; i < n; ++i) {
    const int j = n - 1 - i;
    const double lambda = rng.beta(alpha, alpha);
    if (j == i || !rng.bernoulli(probability)) continue;
    cv::Mat a(1, int(batch[i].data.size()), CV_8U, batch[i].data.data());
    const cv::Mat b(1, int(originals[j].data.size()), CV_8U,
                    const_cast<uint8_t*>(originals[j].data.data()));
    const cv::Mat a0(1, int(originals[i].data.size()), CV_8U,
                     const_cast<uint8_t*>(originals[i].data.data()));
    cv::addWeighted(a0, lambda, b, 1.0 - lambda, 0.0, a);
    records[i] = {j, lambda};
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
