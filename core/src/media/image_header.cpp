#include "pmg/media/image_header.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

namespace pmg {
inline namespace media {

namespace {

uint32_t be32(const unsigned char* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
uint16_t be16(const unsigned char* p) {
  return uint16_t(p[0] << 8 | p[1]);
}
uint32_t le32(const unsigned char* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint16_t le16(const unsigned char* p) {
  return uint16_t(p[0] | p[1] << 8);
}

/// JPEG: walk the markers to the first start-of-frame.
std::optional<ImageDims> jpegDims(std::ifstream& f) {
  f.seekg(2);
  unsigned char m[4];
  for (int guard = 0; guard < 10000 && f.read(reinterpret_cast<char*>(m), 4); ++guard) {
    if (m[0] != 0xFF) return std::nullopt;
    const int marker = m[1];
    const int length = be16(m + 2);
    const bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      unsigned char s[5];
      if (!f.read(reinterpret_cast<char*>(s), 5)) return std::nullopt;
      return ImageDims{be16(s + 3), be16(s + 1)};
    }
    if (length < 2) return std::nullopt;
    f.seekg(length - 2, std::ios::cur);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageDims> readImageDims(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  unsigned char h[32] = {};
  if (!f.read(reinterpret_cast<char*>(h), sizeof h) && f.gcount() < 10) return std::nullopt;
  if (std::memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0 && std::memcmp(h + 12, "IHDR", 4) == 0)
    return ImageDims{be32(h + 16), be32(h + 20)};
  if (h[0] == 0xFF && h[1] == 0xD8) {
    f.clear();
    return jpegDims(f);
  }
  if (std::memcmp(h, "GIF8", 4) == 0) return ImageDims{le16(h + 6), le16(h + 8)};
  if (h[0] == 'B' && h[1] == 'M') {
    const int32_t w = int32_t(le32(h + 18)), hh = int32_t(le32(h + 22));
    return ImageDims{std::abs(int64_t(w)), std::abs(int64_t(hh))};
  }
  if (std::memcmp(h, "RIFF", 4) == 0 && std::memcmp(h + 8, "WEBP", 4) == 0) {
    if (std::memcmp(h + 12, "VP8X", 4) == 0)
      return ImageDims{int64_t(h[24] | h[25] << 8 | h[26] << 16) + 1,
                       int64_t(h[27] | h[28] << 8 | h[29] << 16) + 1};
    if (std::memcmp(h + 12, "VP8L", 4) == 0) {
      const uint32_t b = le32(h + 21);
      return ImageDims{int64_t(b & 0x3FFF) + 1, int64_t((b >> 14) & 0x3FFF) + 1};
    }
    if (std::memcmp(h + 12, "VP8 ", 4) == 0)
      return ImageDims{le16(h + 26) & 0x3FFF, le16(h + 28) & 0x3FFF};
    return std::nullopt;
  }
  if (h[0] == 'P' && h[1] >= '1' && h[1] <= '6') {  // PNM: "P6 <w> <h> ..." with comments
    f.clear();
    f.seekg(2);
    int64_t v[2];
    for (int i = 0; i < 2; ++i) {
      f >> std::ws;
      while (f.peek() == '#') {
        std::string comment;
        std::getline(f, comment);
        f >> std::ws;
      }
      if (!(f >> v[i])) return std::nullopt;
    }
    return ImageDims{v[0], v[1]};
  }
  return std::nullopt;
}

bool imageFileLooksComplete(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = f.tellg();
  if (size < 16) return true;  // let the decoder judge
  unsigned char head[8];
  f.seekg(0);
  f.read(reinterpret_cast<char*>(head), 8);
  const std::streamoff tail_len = std::min<std::streamoff>(size, 4096);
  std::vector<unsigned char> tail(size_t(tail_len), 0);
  f.seekg(size - tail_len);
  f.read(reinterpret_cast<char*>(tail.data()), tail_len);
  if (std::memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0) {
    static const unsigned char iend[8] = {'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    for (size_t i = 0; i + 8 <= tail.size(); ++i)
      if (std::memcmp(&tail[i], iend, 8) == 0) return true;
    return false;
  }
  if (head[0] == 0xFF && head[1] == 0xD8) {
    for (size_t i = tail.size() - 1; i > 0; --i)
      if (tail[i - 1] == 0xFF && tail[i] == 0xD9) return true;
    return false;
  }
  return true;
}

int64_t maxImagePixels() {
  if (const char* env = std::getenv("PMG_MAX_IMAGE_PIXELS")) {
    char* end = nullptr;
    const long long v = std::strtoll(env, &end, 10);
    if (end != env && v > 0) return v;
  }
  return int64_t(8192) * 8192;
}

}  // namespace media
}  // namespace pmg
