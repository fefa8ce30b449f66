#include "pmg/motion/batch_mix.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <stdexcept>

#include "simd_clones.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace pmg {
inline namespace motion {

namespace {

constexpr int kLambdaBits = 15;

/// Lambda rounded to the fixed-point weight the blend uses (so records are exact).
int lambdaWeight(double lambda) {
  return int(std::lround(std::clamp(lambda, 0.0, 1.0) * (1 << kLambdaBits)));
}

/// Mixes a pair in one pass: a = wa*a + (1-wa)*b and b = wb*b + (1-wb)*a (weights in
/// 1/32768). A weight of one leaves that clip unchanged.
PMG_SIMD_CLONES void blendPair(uint8_t* a, uint8_t* b, size_t n, int wa, int wb) {
  constexpr int one = 1 << kLambdaBits, half = one / 2;
  for (size_t k = 0; k < n; ++k) {
    const int x = a[k], y = b[k];
    a[k] = uint8_t((x * wa + y * (one - wa) + half) >> kLambdaBits);
    b[k] = uint8_t((y * wb + x * (one - wb) + half) >> kLambdaBits);
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
/// blendPair with AVX2, 32 bytes per step, in 16-bit lanes: a + b*(1-w) rounded equals
/// b + mulhrs(a - b, w), the same integers as the scalar formula (w < 32768; a weight of one
/// keeps the clip). Returns how many bytes it did.
__attribute__((target("avx2"))) size_t blendPairAvx2(uint8_t* a, uint8_t* b, size_t n, int wa,
                                                     int wb) {
  constexpr int one = 1 << kLambdaBits;
  const __m256i zero = _mm256_setzero_si256();
  const __m256i va = _mm256_set1_epi16(int16_t(wa == one ? 0 : wa));
  const __m256i vb = _mm256_set1_epi16(int16_t(wb == one ? 0 : wb));
  size_t k = 0;
  for (; k + 32 <= n; k += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + k));
    const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + k));
    const __m256i xl = _mm256_unpacklo_epi8(x, zero), xh = _mm256_unpackhi_epi8(x, zero);
    const __m256i yl = _mm256_unpacklo_epi8(y, zero), yh = _mm256_unpackhi_epi8(y, zero);
    if (wa != one) {
      const __m256i lo = _mm256_add_epi16(yl, _mm256_mulhrs_epi16(_mm256_sub_epi16(xl, yl), va));
      const __m256i hi = _mm256_add_epi16(yh, _mm256_mulhrs_epi16(_mm256_sub_epi16(xh, yh), va));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(a + k), _mm256_packus_epi16(lo, hi));
    }
    if (wb != one) {
      const __m256i lo = _mm256_add_epi16(xl, _mm256_mulhrs_epi16(_mm256_sub_epi16(yl, xl), vb));
      const __m256i hi = _mm256_add_epi16(xh, _mm256_mulhrs_epi16(_mm256_sub_epi16(yh, xh), vb));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(b + k), _mm256_packus_epi16(lo, hi));
    }
  }
  return k;
}
#endif

/// Mixes a pair in one pass, with AVX2 where the CPU has it (the same bytes either way).
void blendPairFast(uint8_t* a, uint8_t* b, size_t n, int wa, int wb, SimdLevel simd) {
  size_t done = 0;
#if defined(__x86_64__) && defined(__GNUC__)
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  if (has_avx2 && simd == SimdLevel::Auto) done = blendPairAvx2(a, b, n, wa, wb);
#else
  (void)simd;
#endif
  blendPair(a + done, b + done, n - done, wa, wb);
}

}  // namespace

std::vector<MixRecord> drawVideoMixup(int n, double alpha, double probability, Rng& rng) {
  std::vector<MixRecord> records(size_t(std::max(n, 0)));
  if (n < 2) return records;
  for (int i = 0; i < n; ++i) {
    const int j = n - 1 - i;
    const double lambda = rng.beta(alpha, alpha);
    if (j != i && rng.bernoulli(probability)) records[size_t(i)] = {j, lambda};
  }
  // Lambdas rounded to the blend's fixed-point weights, so records are exact.
  for (auto& r : records) {
    if (r.partner >= 0) r.lambda = double(lambdaWeight(r.lambda)) / (1 << kLambdaBits);
  }
  return records;
}

std::vector<MixRecord> videoMixup(std::vector<Clip>& batch, double alpha, double probability,
                                  Rng& rng, SimdLevel simd) {
  const int n = int(batch.size());
  // Every decision is drawn first (in index order), then each pair (i, n-1-i) is mixed in
  // place in one pass.
  std::vector<MixRecord> records = drawVideoMixup(n, alpha, probability, rng);
  if (n < 2) return records;
  auto weight = [&](int i) {
    return records[i].partner >= 0 ? lambdaWeight(records[i].lambda) : 1 << kLambdaBits;
  };
  for (int i = 0; i < n / 2; ++i) {
    const int j = n - 1 - i;
    if (records[i].partner < 0 && records[j].partner < 0) continue;
    if (batch[i].data.size() != batch[j].data.size())
      throw std::invalid_argument("videoMixup: clips differ in shape");
    blendPairFast(batch[i].data.data(), batch[j].data.data(), batch[i].data.size(), weight(i),
                  weight(j), simd);
  }
  return records;
}

std::vector<MixRecord> drawVideoMix(int n, int frames, int height, int width, double alpha,
                                    double probability, Rng& rng) {
  std::vector<MixRecord> records(size_t(std::max(n, 0)));
  if (n < 2) return records;
  for (int i = 0; i < n; ++i) {
    const int j = n - 1 - i;
    const double lambda = rng.beta(alpha, alpha);
    if (j == i || !rng.bernoulli(probability)) continue;
    // Box with volume fraction (1 - lambda): each side scaled by cbrt(1 - lambda).
    const double r = std::cbrt(1.0 - lambda);
    MixRecord& m = records[size_t(i)];
    m.box_frames = std::max(1, int(std::lround(frames * r)));
    m.box_rows = std::max(1, int(std::lround(height * r)));
    m.box_cols = std::max(1, int(std::lround(width * r)));
    m.box_t0 = int(rng.uniformInt(0, frames - m.box_frames));
    m.box_y0 = int(rng.uniformInt(0, height - m.box_rows));
    m.box_x0 = int(rng.uniformInt(0, width - m.box_cols));
    const double box =
        double(m.box_frames) * m.box_rows * m.box_cols / (double(frames) * height * width);
    m.partner = j;
    m.lambda = 1.0 - box;
  }
  return records;
}

std::vector<MixRecord> videoMix(std::vector<Clip>& batch, double alpha, double probability,
                                Rng& rng) {
  const int n = int(batch.size());
  if (n < 2) return std::vector<MixRecord>(size_t(std::max(n, 0)));
  const Clip& first = batch.front();
  const auto records =
      drawVideoMix(n, first.frames, first.height, first.width, alpha, probability, rng);
  const std::vector<Clip> originals = batch;
  for (int i = 0; i < n; ++i) {
    const MixRecord& m = records[size_t(i)];
    if (m.partner < 0) continue;
    Clip& dst = batch[size_t(i)];
    const Clip& src = originals[size_t(m.partner)];
    if (dst.data.size() != src.data.size() || dst.frames != first.frames)
      throw std::invalid_argument("videoMix: clips differ in shape");
    const cv::Rect box(m.box_x0, m.box_y0, m.box_cols, m.box_rows);
    for (int t = m.box_t0; t < m.box_t0 + m.box_frames; ++t)
      src.frame(t)(box).copyTo(dst.frame(t)(box));
  }
  return records;
}

std::vector<MixRecord> drawBatchMix(int n, const PmgConfig& c, Rng& rng) {
  switch (c.batch_mix) {
    case BatchMix::Mixup:
      return drawVideoMixup(n, c.mix_alpha, c.mix_probability, rng);
    case BatchMix::VideoMix:
      return drawVideoMix(n, c.frames, c.size, c.size, c.mix_alpha, c.mix_probability, rng);
    default:
      return std::vector<MixRecord>(size_t(std::max(n, 0)));
  }
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

}  // namespace motion
}  // namespace pmg
