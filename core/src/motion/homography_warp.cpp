#include "pmg/motion/homography_warp.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PMG_HAVE_AVX2_KERNEL 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pmg {
inline namespace motion {

namespace {

constexpr int kWeightBits = 7;  // 1/128 px, as axis_warp: the two kernels agree bit for bit
constexpr int kOne = 1 << kWeightBits;

/// Where the pixels of one output row sample (structure of arrays, so the loops vectorise):
/// byte offset of the top-left tap in the padded source and the
/// packed weight pairs (low 16 bits: the left/top weight, high 16 bits: the right/bottom one).
struct RowSamples {
  std::vector<int32_t> offset;
  std::vector<uint32_t> wy;
  std::vector<uint16_t> wx_bytes;  // the horizontal pair as two bytes, for the AVX2 kernel

  void resize(int n) {
    offset.resize(size_t(n));
    wy.resize(size_t(n));
    wx_bytes.resize(size_t(n));
  }
};

/// The source with a one-pixel black border (so every tap of a sample at -1 <= x <= cols-1
/// is readable and outside pixels weigh nothing) and one spare row for 4-byte loads.
struct PaddedSource {
  std::vector<uint8_t> bytes;
  int stride = 0;  // bytes per padded row

  void fill(const cv::Mat& src) {
    stride = (src.cols + 2) * 3;
    bytes.resize(size_t(stride) * size_t(src.rows + 3));
    uint8_t* out = bytes.data();
    std::memset(out, 0, size_t(stride));  // top border
    for (int y = 0; y < src.rows; ++y) {
      uint8_t* row = out + size_t(y + 1) * stride;
      std::memset(row, 0, 3);
      std::memcpy(row + 3, src.ptr<uint8_t>(y), size_t(src.cols) * 3);
      std::memset(row + 3 + src.cols * 3, 0, 3);
    }
    std::memset(out + size_t(src.rows + 1) * stride, 0, 2 * size_t(stride));  // bottom, spare
  }
};

/// Inverse of an affine map with its last row exactly (0, 0, 1).
cv::Matx33d affineInverse(const cv::Matx33d& m) {
  if (m(0, 1) == 0.0 && m(1, 0) == 0.0 && m(0, 0) != 0.0 && m(1, 1) != 0.0)  // as axis_warp
    return cv::Matx33d(1.0 / m(0, 0), 0, -m(0, 2) / m(0, 0), 0, 1.0 / m(1, 1), -m(1, 2) / m(1, 1),
                       0, 0, 1);
  const double det = m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0);
  if (det == 0.0) throw std::invalid_argument("warpHomography: the map is singular");
  const double a = m(1, 1) / det, b = -m(0, 1) / det, c = -m(1, 0) / det, d = m(0, 0) / det;
  return cv::Matx33d(a, b, -(a * m(0, 2) + b * m(1, 2)), c, d, -(c * m(0, 2) + d * m(1, 2)), 0, 0,
                     1);
}

/// floor(v) for |v| < 2^31, without a libm call.
inline int32_t floorToInt(float v) {
  const int32_t t = int32_t(v);
  return t - int32_t(float(t) > v);
}

/// The map of one output row: source position = (a * x + b) / (aw * x + bw), in float.
struct RowMap {
  float ax, bx, ay, by, aw, bw;
};

/// Row `y`'s map: the row's constant terms in double, then everything in float (IEEE float
/// arithmetic, never contracted into FMA (see CMakeLists), so every CPU gets the same bits;
/// float resolves positions to 2^-14 px within a 512 px source, far below the 1/128 px taps).
RowMap rowMap(const cv::Matx33d& inv, int y) {
  return {float(inv(0, 0)), float(inv(0, 1) * y + inv(0, 2)),
          float(inv(1, 0)), float(inv(1, 1) * y + inv(1, 2)),
          float(inv(2, 0)), float(inv(2, 1) * y + inv(2, 2))};
}

/// Row `y`'s map for pixels starting at column x0 (pixel x of the span is column x0 + x).
RowMap rowMapFrom(const cv::Matx33d& inv, int y, int x0) {
  return {float(inv(0, 0)), float(inv(0, 1) * y + inv(0, 2) + inv(0, 0) * x0),
          float(inv(1, 0)), float(inv(1, 1) * y + inv(1, 2) + inv(1, 0) * x0),
          float(inv(2, 0)), float(inv(2, 1) * y + inv(2, 2) + inv(2, 0) * x0)};
}

/// Taps of output pixels [first, size) of a row in 1/128 px, rounded to nearest:
/// u = floor(128 * s + 0.5). Samples behind the projective horizon (denominator <= 1e-6), far
/// outside or NaN, and those whose four taps all miss the source read the padded black corner.
void tapsOfRow(const RowMap& r, bool projective, int first, int size, int cols, int rows,
               int stride, RowSamples& out) {
  constexpr float far = float(1 << 22);  // outside any source; keeps 128 * s in int32
  for (int x = first; x < size; ++x) {
    const float fx = float(x);
    float px = r.ax * fx + r.bx, py = r.ay * fx + r.by;
    if (projective) {
      const float w = r.aw * fx + r.bw;
      const bool ahead = w > 1e-6f;
      px = ahead ? px / w : far;
      py = ahead ? py / w : far;
    }
    px = px > -far && px < far ? px : far;  // comparisons with NaN are false
    py = py > -far && py < far ? py : far;
    const int32_t u = floorToInt(px * kOne + 0.5f), v = floorToInt(py * kOne + 0.5f);
    const int32_t ix = u >> kWeightBits, iy = v >> kWeightBits;
    const bool inside = ix >= -1 && ix <= cols - 1 && iy >= -1 && iy <= rows - 1;
    const int32_t tx = inside ? u & (kOne - 1) : 0, ty = inside ? v & (kOne - 1) : 0;
    const size_t i = size_t(x);
    out.offset[i] = inside ? (iy + 1) * stride + (ix + 1) * 3 : 0;
    out.wy[i] = uint32_t(kOne - ty) | (uint32_t(ty) << 16);
    out.wx_bytes[i] = uint16_t((kOne - tx) | (tx << 8));
  }
}

#if defined(PMG_HAVE_AVX2_KERNEL)
/// tapsOfRow for eight pixels per step with AVX2: the same float operations in the same order
/// (so the same bits), then the same integer ones. Returns the first pixel it did not do.
__attribute__((target("avx2"))) int tapsOfRowAvx2(const RowMap& r, bool projective, int size,
                                                  int cols, int rows, int stride, RowSamples& out) {
  const __m256 ax = _mm256_set1_ps(r.ax), bx = _mm256_set1_ps(r.bx);
  const __m256 ay = _mm256_set1_ps(r.ay), by = _mm256_set1_ps(r.by);
  const __m256 aw = _mm256_set1_ps(r.aw), bw = _mm256_set1_ps(r.bw);
  const __m256 far = _mm256_set1_ps(float(1 << 22)), near_far = _mm256_set1_ps(-float(1 << 22));
  const __m256 one = _mm256_set1_ps(float(kOne)), half = _mm256_set1_ps(0.5f);
  const __m256 horizon = _mm256_set1_ps(1e-6f);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i mask = _mm256_set1_epi32(kOne - 1), weight_one = _mm256_set1_epi32(kOne);
  const __m256i minus_one = _mm256_set1_epi32(-1);
  const __m256i cols1 = _mm256_set1_epi32(cols + 1), rows1 = _mm256_set1_epi32(rows + 1);
  const __m256i row_bytes = _mm256_set1_epi32(stride);
  int x = 0;
  for (; x + 8 <= size; x += 8) {
    const __m256 fx = _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_set1_epi32(x), lanes));
    __m256 px = _mm256_add_ps(_mm256_mul_ps(ax, fx), bx);
    __m256 py = _mm256_add_ps(_mm256_mul_ps(ay, fx), by);
    if (projective) {
      const __m256 w = _mm256_add_ps(_mm256_mul_ps(aw, fx), bw);
      const __m256 ahead = _mm256_cmp_ps(w, horizon, _CMP_GT_OQ);
      const __m256 safe = _mm256_blendv_ps(_mm256_set1_ps(1.0f), w, ahead);
      px = _mm256_blendv_ps(far, _mm256_div_ps(px, safe), ahead);
      py = _mm256_blendv_ps(far, _mm256_div_ps(py, safe), ahead);
    }
    const __m256 px_ok =
        _mm256_and_ps(_mm256_cmp_ps(px, near_far, _CMP_GT_OQ), _mm256_cmp_ps(px, far, _CMP_LT_OQ));
    const __m256 py_ok =
        _mm256_and_ps(_mm256_cmp_ps(py, near_far, _CMP_GT_OQ), _mm256_cmp_ps(py, far, _CMP_LT_OQ));
    px = _mm256_blendv_ps(far, px, px_ok);
    py = _mm256_blendv_ps(far, py, py_ok);
    const __m256i u =
        _mm256_cvttps_epi32(_mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(px, one), half)));
    const __m256i v =
        _mm256_cvttps_epi32(_mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(py, one), half)));
    const __m256i ix1 = _mm256_add_epi32(_mm256_srai_epi32(u, kWeightBits), _mm256_set1_epi32(1));
    const __m256i iy1 = _mm256_add_epi32(_mm256_srai_epi32(v, kWeightBits), _mm256_set1_epi32(1));
    const __m256i inside = _mm256_and_si256(
        _mm256_and_si256(_mm256_cmpgt_epi32(ix1, minus_one), _mm256_cmpgt_epi32(cols1, ix1)),
        _mm256_and_si256(_mm256_cmpgt_epi32(iy1, minus_one), _mm256_cmpgt_epi32(rows1, iy1)));
    const __m256i tx = _mm256_and_si256(_mm256_and_si256(u, mask), inside);
    const __m256i ty = _mm256_and_si256(_mm256_and_si256(v, mask), inside);
    const __m256i off =
        _mm256_and_si256(_mm256_add_epi32(_mm256_mullo_epi32(iy1, row_bytes),
                                          _mm256_add_epi32(_mm256_slli_epi32(ix1, 1), ix1)),
                         inside);
    const size_t i = size_t(x);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(&out.offset[i]), off);
    _mm256_storeu_si256(
        reinterpret_cast<__m256i*>(&out.wy[i]),
        _mm256_or_si256(_mm256_sub_epi32(weight_one, ty), _mm256_slli_epi32(ty, 16)));
    const __m256i bytes32 =
        _mm256_or_si256(_mm256_sub_epi32(weight_one, tx), _mm256_slli_epi32(tx, 8));
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(bytes32, bytes32), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&out.wx_bytes[i]), _mm256_castsi256_si128(packed));
  }
  return x;
}
#endif

/// A weight pair stored as two bytes, as two int16 lanes.
inline uint32_t wordPair(uint16_t bytes) {
  return uint32_t(bytes & 0xFF) | (uint32_t(bytes >> 8) << 16);
}

/// Scalar kernel: horizontal sums of the top and bottom taps (exact int16), then the
/// vertical blend rounded once. The SIMD kernel computes the same integers.
inline void bilinearScalar(const uint8_t* p, int stride, uint32_t wx, uint32_t wy, uint8_t* out) {
  constexpr int shift = 2 * kWeightBits, half = 1 << (shift - 1);
  const int wx0 = int(wx & 0xFFFF), wx1 = int(wx >> 16);
  const int wy0 = int(wy & 0xFFFF), wy1 = int(wy >> 16);
  for (int c = 0; c < 3; ++c) {
    const int top = p[c] * wx0 + p[3 + c] * wx1;
    const int bottom = p[stride + c] * wx0 + p[stride + 3 + c] * wx1;
    out[c] = uint8_t((top * wy0 + bottom * wy1 + half) >> shift);
  }
}

#if defined(__SSE2__)
inline __m128i load4(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return _mm_cvtsi32_si128(v);
}

/// One output pixel with SSE2 (baseline x86-64, so the same instructions on every CPU).
/// Returns its bytes in the low 3 lanes (the fourth is garbage).
inline int32_t bilinearSse2(const uint8_t* p, int stride, uint32_t wx_pair, uint32_t wy_pair) {
  const __m128i zero = _mm_setzero_si128();
  // R0 R1 G0 G1 B0 B1 . . as int16, for the top and the bottom row.
  const __m128i top = _mm_unpacklo_epi8(_mm_unpacklo_epi8(load4(p), load4(p + 3)), zero);
  const __m128i bot =
      _mm_unpacklo_epi8(_mm_unpacklo_epi8(load4(p + stride), load4(p + stride + 3)), zero);
  const __m128i wx = _mm_set1_epi32(int32_t(wx_pair));
  const __m128i h = _mm_packs_epi32(_mm_madd_epi16(top, wx), _mm_madd_epi16(bot, wx));
  // Rt Rb Gt Gb Bt Bb . . -> vertical blend.
  const __m128i pairs = _mm_unpacklo_epi16(h, _mm_srli_si128(h, 8));
  __m128i v = _mm_madd_epi16(pairs, _mm_set1_epi32(int32_t(wy_pair)));
  v = _mm_srai_epi32(_mm_add_epi32(v, _mm_set1_epi32(1 << (2 * kWeightBits - 1))), 2 * kWeightBits);
  v = _mm_packs_epi32(v, v);
  return _mm_cvtsi128_si32(_mm_packus_epi16(v, v));
}
#endif

#if defined(PMG_HAVE_AVX2_KERNEL)
/// Eight bytes at each of four taps, two per 128-bit lane.
__attribute__((target("avx2"))) inline __m256i load4x8(const uint8_t* a, const uint8_t* b,
                                                       const uint8_t* c, const uint8_t* d) {
  const __m128i lo = _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(a)),
                                        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(b)));
  const __m128i hi = _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(c)),
                                        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(d)));
  return _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
}

/// Four output pixels per step with AVX2. The same integers as the scalar kernel: the
/// horizontal sums are taken on pixels offset by -128 (so they fit maddubs' signed bytes) and
/// the offset, 128 * 128 per sum, is added back before the single rounding.
__attribute__((target("avx2"))) int warpRowAvx2(const uint8_t* base, int stride,
                                                const RowSamples& s, int size, uint8_t* out) {
  const __m256i interleave = _mm256_setr_epi8(  // R0 G0 B0 R1 G1 B1 . . -> R0 R1 G0 G1 B0 B1 0 0
      0, 3, 1, 4, 2, 5, -128, -128, 8, 11, 9, 12, 10, 13, -128, -128, 0, 3, 1, 4, 2, 5, -128, -128,
      8, 11, 9, 12, 10, 13, -128, -128);
  const __m256i spread_wx = _mm256_setr_epi8(0, 1, 0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 2, 3, 4, 5,
                                             4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7);
  const __m256i compact = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, -128, -128, -128, -128, -128, -128,
                                           -128, -128, -128, -128, 0, 1, 2, 4, 5, 6, -128, -128,
                                           -128, -128, -128, -128, -128, -128, -128, -128);
  const __m256i first = _mm256_setr_epi32(0, 0, 0, 0, 2, 2, 2, 2);
  const __m256i second = _mm256_setr_epi32(1, 1, 1, 1, 3, 3, 3, 3);
  const __m256i sign = _mm256_set1_epi8(-128);
  const __m256i bias = _mm256_set1_epi32(128 * 128 * kOne + (1 << (2 * kWeightBits - 1)));
  int x = 0;
  // Each group stores two spare bytes, overwritten by the pixel after it: stop one pixel early.
  for (; x + 4 < size; x += 4) {
    const int32_t* o = &s.offset[size_t(x)];
    const uint8_t *a = base + o[0], *b = base + o[1], *c = base + o[2], *d = base + o[3];
    __m256i top = load4x8(a, b, c, d);
    __m256i bot = load4x8(a + stride, b + stride, c + stride, d + stride);
    top = _mm256_shuffle_epi8(_mm256_xor_si256(top, sign), interleave);
    bot = _mm256_shuffle_epi8(_mm256_xor_si256(bot, sign), interleave);
    int64_t wx8;
    std::memcpy(&wx8, &s.wx_bytes[size_t(x)], 8);
    const __m256i wx = _mm256_shuffle_epi8(_mm256_set1_epi64x(wx8), spread_wx);
    const __m256i ht = _mm256_maddubs_epi16(wx, top), hb = _mm256_maddubs_epi16(wx, bot);
    const __m256i wy = _mm256_broadcastsi128_si256(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(&s.wy[size_t(x)])));
    __m256i v0 =
        _mm256_madd_epi16(_mm256_unpacklo_epi16(ht, hb), _mm256_permutevar8x32_epi32(wy, first));
    __m256i v1 =
        _mm256_madd_epi16(_mm256_unpackhi_epi16(ht, hb), _mm256_permutevar8x32_epi32(wy, second));
    v0 = _mm256_srai_epi32(_mm256_add_epi32(v0, bias), 2 * kWeightBits);
    v1 = _mm256_srai_epi32(_mm256_add_epi32(v1, bias), 2 * kWeightBits);
    __m256i px = _mm256_packus_epi16(_mm256_packs_epi32(v0, v1), _mm256_setzero_si256());
    px = _mm256_shuffle_epi8(px, compact);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + x * 3), _mm256_castsi256_si128(px));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + x * 3 + 6), _mm256_extracti128_si256(px, 1));
  }
  return x;
}
#endif

/// Samples one output row from its taps.
void warpRow(const uint8_t* base, int stride, const RowSamples& s, int size, uint8_t* out,
             bool fast) {
  int x = 0;
#if defined(PMG_HAVE_AVX2_KERNEL)
  if (fast) x = warpRowAvx2(base, stride, s, size, out);
#else
  (void)fast;
#endif
#if defined(__SSE2__)
  // Four bytes stored per pixel, the fourth overwritten by the next pixel.
  for (; x + 1 < size; ++x) {
    const size_t i = size_t(x);  // (continues after the AVX2 groups)
    const int32_t px = bilinearSse2(base + s.offset[i], stride, wordPair(s.wx_bytes[i]), s.wy[i]);
    std::memcpy(out + x * 3, &px, 4);
  }
#endif
  for (; x < size; ++x) {
    const size_t i = size_t(x);
    bilinearScalar(base + s.offset[i], stride, wordPair(s.wx_bytes[i]), s.wy[i], out + x * 3);
  }
}

/// Warps the padded source into dst (out.width x out.height).
void warpPadded(const uint8_t* padded, int stride, int cols, int rows, const cv::Matx33d& m,
                cv::Size out, cv::Mat& dst, bool fast) {
  const bool projective = m(2, 0) != 0.0 || m(2, 1) != 0.0 || m(2, 2) != 1.0;
  const cv::Matx33d inv = projective ? m.inv() : affineInverse(m);
  dst.create(out.height, out.width, CV_8UC3);
  thread_local RowSamples row;
  row.resize(out.width);
  for (int y = 0; y < out.height; ++y) {
    const RowMap map = rowMap(inv, y);
    int first = 0;
#if defined(PMG_HAVE_AVX2_KERNEL)
    if (fast) first = tapsOfRowAvx2(map, projective, out.width, cols, rows, stride, row);
#endif
    tapsOfRow(map, projective, first, out.width, cols, rows, stride, row);
    warpRow(padded, stride, row, out.width, dst.ptr<uint8_t>(y), fast);
  }
}

bool useAvx2(SimdLevel simd) {
#if defined(PMG_HAVE_AVX2_KERNEL)
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  return simd != SimdLevel::Baseline && has_avx2;
#else
  (void)simd;
  return false;
#endif
}

void checkSource(const cv::Mat& src) {
  if (src.type() != CV_8UC3) throw std::invalid_argument("warpHomography: source must be CV_8UC3");
}

}  // namespace

void warpHomography(const cv::Mat& src, cv::Mat& dst, const cv::Matx33d& m, int size,
                    SimdLevel simd) {
  checkSource(src);
  if (src.data == dst.data && !src.empty())
    throw std::invalid_argument("warpHomography: source and destination must differ");
  thread_local PaddedSource padded;
  padded.fill(src);
  warpPadded(padded.bytes.data(), padded.stride, src.cols, src.rows, m, cv::Size(size, size), dst,
             useAvx2(simd));
}

HomographySampler::HomographySampler(const cv::Mat& src, SimdLevel simd)
    : cols_(src.cols), rows_(src.rows), fast_(useAvx2(simd)) {
  checkSource(src);
  PaddedSource padded;
  padded.fill(src);
  bytes_ = std::move(padded.bytes);
  stride_ = padded.stride;
}

void HomographySampler::warp(cv::Mat& dst, const cv::Matx33d& m, cv::Size out) const {
  warpPadded(bytes_.data(), stride_, cols_, rows_, m, out, dst, fast_);
}

void HomographySampler::warpSpans(cv::Mat& target, const cv::Matx33d& m,
                                  const std::vector<cv::Vec2i>& spans) const {
  CV_Assert(target.type() == CV_8UC3);
  const bool projective = m(2, 0) != 0.0 || m(2, 1) != 0.0 || m(2, 2) != 1.0;
  const cv::Matx33d inv = projective ? m.inv() : affineInverse(m);
  thread_local RowSamples row;
  thread_local std::vector<uint8_t> pixels;
  for (int y = 0; y < target.rows && y < int(spans.size()); ++y) {
    const int x0 = std::max(0, spans[size_t(y)][0]),
              x1 = std::min(target.cols, spans[size_t(y)][1]);
    if (x1 <= x0) continue;
    // Short spans: the SIMD kernels run over whole vectors past the span's end, into a buffer,
    // so no pixel of the span takes the scalar path (taps in 8s; the warp stops one 4-pixel
    // group early), then the span's pixels are copied.
    const int n = x1 - x0, padded = fast_ ? (n + 4 + 7) / 8 * 8 : n;
    row.resize(padded);
    pixels.resize(size_t(padded) * 3);
    const RowMap map = rowMapFrom(inv, y, x0);
    int first = 0, warped = 0;
#if defined(PMG_HAVE_AVX2_KERNEL)
    if (fast_) first = tapsOfRowAvx2(map, projective, padded, cols_, rows_, stride_, row);
#endif
    tapsOfRow(map, projective, first, padded, cols_, rows_, stride_, row);
#if defined(PMG_HAVE_AVX2_KERNEL)
    if (fast_) warped = warpRowAvx2(bytes_.data(), stride_, row, padded, pixels.data());
#endif
    if (warped < n) warpRow(bytes_.data(), stride_, row, padded, pixels.data(), false);
    std::memcpy(target.ptr<uint8_t>(y) + 3 * x0, pixels.data(), size_t(n) * 3);
  }
}

}  // namespace motion
}  // namespace pmg
