#include "pmg/motion/axis_warp.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "simd_clones.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace pmg {
inline namespace motion {

namespace {

constexpr int kWeightBits = 7;  // 1/128 px: horizontal sums of two taps fit in int16
constexpr int kOne = 1 << kWeightBits;

/// Two source taps and their fixed-point weights; a tap outside the image has weight 0.
struct Tap {
  int i0, i1;
  int16_t w0, w1;
};

Tap tapAt(double s, int n) {
  int i = int(std::floor(s));
  int w = int(std::lround((s - i) * kOne));
  if (w == kOne) ++i, w = 0;
  Tap t{std::clamp(i, 0, n - 1), std::clamp(i + 1, 0, n - 1), int16_t(kOne - w), int16_t(w)};
  if (i < 0 || i >= n) t.w0 = 0;
  if (i + 1 < 0 || i + 1 >= n) t.w1 = 0;
  return t;
}

// Both passes are written so the compiler vectorises them (see simd_clones.h).

/// Horizontal pass of one source row: out[x] = w0 * in[i0] + w1 * in[i1], per channel.
PMG_SIMD_CLONES void resampleRow(const uint8_t* in, int16_t* out, const Tap* taps, int width) {
  for (int x = 0; x < width; ++x) {
    const Tap t = taps[x];
    const uint8_t* a = in + t.i0 * 3;
    const uint8_t* b = in + t.i1 * 3;
    out[x * 3 + 0] = int16_t(a[0] * t.w0 + b[0] * t.w1);
    out[x * 3 + 1] = int16_t(a[1] * t.w0 + b[1] * t.w1);
    out[x * 3 + 2] = int16_t(a[2] * t.w0 + b[2] * t.w1);
  }
}

/// Vertical pass: blends two horizontally resampled rows into one output row.
PMG_SIMD_CLONES void blendRows(const int16_t* a, const int16_t* b, int w0, int w1, uint8_t* out,
                               int n) {
  constexpr int shift = 2 * kWeightBits, half = 1 << (shift - 1);
  for (int k = 0; k < n; ++k) out[k] = uint8_t((a[k] * w0 + b[k] * w1 + half) >> shift);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define PMG_HAVE_AVX2_ROWS 1

/// A source row between two black pixels on each side (plus slack for 8-byte loads), and for
/// each output pixel the byte offset of its left tap in it and its weights as two bytes.
struct PaddedRowTaps {
  std::vector<uint8_t> row;
  std::vector<int32_t> offset;
  std::vector<uint16_t> weights;
};

/// The AVX2 row taps: the same taps as tapAt (a tap outside the source reads black instead of
/// weighing zero, which gives the same sums).
void padTaps(double a, double c, int size, int n, PaddedRowTaps& p) {
  p.offset.resize(size_t(size));
  p.weights.resize(size_t(size));
  p.row.assign(size_t(n + 4) * 3 + 16, 0);
  for (int x = 0; x < size; ++x) {
    const double s = a * x + c;
    int i = int(std::floor(s));
    int w = int(std::lround((s - i) * kOne));
    if (w == kOne) ++i, w = 0;
    const bool touches = i >= -1 && i <= n - 1;
    p.offset[size_t(x)] = touches ? (i + 2) * 3 : 0;  // 0: the two black pixels on the left
    p.weights[size_t(x)] = uint16_t((kOne - w) | (w << 8));
  }
}

/// Eight bytes at each of four offsets, two per 128-bit lane.
__attribute__((target("avx2"))) inline __m256i gather4x8(const uint8_t* base, const int32_t* o) {
  auto at = [&](int k) { return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(base + o[k])); };
  const __m128i lo = _mm_unpacklo_epi64(at(0), at(1)), hi = _mm_unpacklo_epi64(at(2), at(3));
  return _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
}

/// Horizontal pass of one source row with AVX2, four output pixels per step: the same int16
/// sums as resampleRow (maddubs on pixels offset by -128, the offset added back). Returns the
/// first pixel it did not do; `out` needs two spare int16 after the row.
__attribute__((target("avx2"))) int resampleRowAvx2(const uint8_t* src_row, int n, PaddedRowTaps& p,
                                                    int16_t* out, int size) {
  std::memcpy(p.row.data() + 6, src_row, size_t(n) * 3);
  const __m256i interleave = _mm256_setr_epi8(  // R0 G0 B0 R1 G1 B1 . . -> R0 R1 G0 G1 B0 B1 0 0
      0, 3, 1, 4, 2, 5, -128, -128, 8, 11, 9, 12, 10, 13, -128, -128, 0, 3, 1, 4, 2, 5, -128, -128,
      8, 11, 9, 12, 10, 13, -128, -128);
  const __m256i spread = _mm256_setr_epi8(0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 2, 3, 4, 5, 4,
                                          5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7);
  const __m256i compact =
      _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, -128, -128, -128, -128, 0, 1, 2, 3,
                       4, 5, 8, 9, 10, 11, 12, 13, -128, -128, -128, -128);
  const __m256i sign = _mm256_set1_epi8(-128), offset = _mm256_set1_epi16(128 * kOne);
  int x = 0;
  for (; x + 4 <= size; x += 4) {
    __m256i px = gather4x8(p.row.data(), &p.offset[size_t(x)]);
    px = _mm256_shuffle_epi8(_mm256_xor_si256(px, sign), interleave);
    int64_t w8;
    std::memcpy(&w8, &p.weights[size_t(x)], 8);
    const __m256i w = _mm256_shuffle_epi8(_mm256_set1_epi64x(w8), spread);
    __m256i sums = _mm256_add_epi16(_mm256_maddubs_epi16(w, px), offset);
    sums = _mm256_shuffle_epi8(sums, compact);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x * 3), _mm256_castsi256_si128(sums));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x * 3 + 6),
                     _mm256_extracti128_si256(sums, 1));
  }
  return x;
}

/// Vertical pass with AVX2, 16 values per step through madd on (a, b) pairs: the same
/// integers as blendRows. Returns how many it did.
__attribute__((target("avx2"))) int blendRowsAvx2(const int16_t* a, const int16_t* b, int w0,
                                                  int w1, uint8_t* out, int n) {
  const __m256i w = _mm256_set1_epi32(int32_t(uint32_t(w0) | (uint32_t(w1) << 16)));
  const __m256i half = _mm256_set1_epi32(1 << (2 * kWeightBits - 1));
  int k = 0;
  for (; k + 16 <= n; k += 16) {
    const __m256i va = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + k));
    const __m256i vb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + k));
    const __m256i lo = _mm256_srai_epi32(
        _mm256_add_epi32(_mm256_madd_epi16(_mm256_unpacklo_epi16(va, vb), w), half),
        2 * kWeightBits);
    const __m256i hi = _mm256_srai_epi32(
        _mm256_add_epi32(_mm256_madd_epi16(_mm256_unpackhi_epi16(va, vb), w), half),
        2 * kWeightBits);
    const __m256i words = _mm256_packs_epi32(lo, hi);
    const __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(words, words), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm256_castsi256_si128(bytes));
  }
  return k;
}
#endif

}  // namespace

bool isAxisAligned(const cv::Matx33d& m) {
  return m(0, 1) == 0.0 && m(1, 0) == 0.0 && m(2, 0) == 0.0 && m(2, 1) == 0.0 && m(2, 2) == 1.0 &&
         m(0, 0) != 0.0 && m(1, 1) != 0.0;
}

void warpAxisAligned(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size,
                     SimdLevel simd) {
  if (src.type() != CV_8UC3) throw std::invalid_argument("warpAxisAligned: source must be CV_8UC3");
  if (!isAxisAligned(m)) throw std::invalid_argument("warpAxisAligned: map is not axis-aligned");
  dst.create(size, size, CV_8UC3);
  // Inverse map: source x = (x - tx) / sx, as cv::warpAffine samples integer pixel coordinates.
  const double ax = 1.0 / m(0, 0), cx = -m(0, 2) / m(0, 0);
  const double ay = 1.0 / m(1, 1), cy = -m(1, 2) / m(1, 1);
  thread_local std::vector<Tap> xs, ys;
  thread_local std::vector<int16_t> rows;
  xs.resize(size_t(size));
  ys.resize(size_t(size));
  for (int x = 0; x < size; ++x) xs[size_t(x)] = tapAt(ax * x + cx, src.cols);
  int first = src.rows, last = -1;
  for (int y = 0; y < size; ++y) {
    const Tap& t = ys[size_t(y)] = tapAt(ay * y + cy, src.rows);
    if (t.w0 || t.w1) first = std::min(first, t.i0), last = std::max(last, t.i1);
  }
  if (last < first) {
    dst.setTo(cv::Scalar::all(0));
    return;
  }
  const size_t stride = size_t(size) * 3;
  rows.resize(size_t(last - first + 1) * stride + 8);  // spare int16 for the AVX2 stores
  int done = 0;  // output pixels of each row resampled with AVX2
#if defined(PMG_HAVE_AVX2_ROWS)
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  const bool fast = has_avx2 && simd != SimdLevel::Baseline;
  thread_local PaddedRowTaps padded;
  if (fast) padTaps(ax, cx, size, src.cols, padded);
#else
  (void)simd;
#endif
  for (int r = first; r <= last; ++r) {
    int16_t* out = &rows[size_t(r - first) * stride];
#if defined(PMG_HAVE_AVX2_ROWS)
    if (fast) done = resampleRowAvx2(src.ptr<uint8_t>(r), src.cols, padded, out, size);
#endif
    resampleRow(src.ptr<uint8_t>(r), out + done * 3, xs.data() + done, size - done);
  }
  for (int y = 0; y < size; ++y) {
    const Tap t = ys[size_t(y)];
    if (!t.w0 && !t.w1) {
      std::fill_n(dst.ptr<uint8_t>(y), stride, uint8_t(0));
      continue;
    }
    const int16_t* top = &rows[size_t(t.i0 - first) * stride];
    const int16_t* bottom = &rows[size_t(t.i1 - first) * stride];
    uint8_t* out = dst.ptr<uint8_t>(y);
    int k = 0;
#if defined(PMG_HAVE_AVX2_ROWS)
    if (fast) k = blendRowsAvx2(top, bottom, t.w0, t.w1, out, int(stride));
#endif
    blendRows(top + k, bottom + k, t.w0, t.w1, out + k, int(stride) - k);
  }
}

}  // namespace motion
}  // namespace pmg
