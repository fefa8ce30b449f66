#include "pmg/media/png_writer.h"

#include <array>
#include <cstdint>
#include <fstream>
#include <stdexcept>

namespace pmg {
inline namespace media {

namespace {

uint32_t crc32(const std::string& bytes, size_t from) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = from; i < bytes.size(); ++i) c = table[(c ^ uint8_t(bytes[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xFF));
}

/// Appends a chunk: length, type, data, CRC of type + data.
void chunk(std::string& out, const char* type, const std::string& data) {
  put32(out, uint32_t(data.size()));
  const size_t start = out.size();
  out.append(type, 4);
  out += data;
  put32(out, crc32(out, start));
}

}  // namespace

std::string encodePngRgb(const cv::Mat& rgb) {
  if (rgb.type() != CV_8UC3 || rgb.empty())
    throw std::invalid_argument("encodePngRgb: need a non-empty RGB uint8 image");
  std::string raw;  // scanlines, each with filter byte 0
  for (int y = 0; y < rgb.rows; ++y) {
    raw.push_back(0);
    raw.append(reinterpret_cast<const char*>(rgb.ptr<uint8_t>(y)), size_t(rgb.cols) * 3);
  }
  std::string z = {char(0x78), char(0x01)};  // zlib header, no compression
  for (size_t pos = 0; pos < raw.size() || pos == 0; pos += 65535) {
    const size_t n = std::min<size_t>(65535, raw.size() - pos);
    z.push_back(pos + n >= raw.size() ? 1 : 0);  // BFINAL, BTYPE = stored
    z.push_back(char(n & 0xFF));
    z.push_back(char(n >> 8));
    z.push_back(char(~n & 0xFF));
    z.push_back(char((~n >> 8) & 0xFF));
    z.append(raw, pos, n);
    if (raw.empty()) break;
  }
  uint32_t a = 1, b = 0;  // Adler-32 of the raw data
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  put32(z, (b << 16) | a);
  std::string out = "\x89PNG\r\n\x1a\n";
  std::string header;
  put32(header, uint32_t(rgb.cols));
  put32(header, uint32_t(rgb.rows));
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bit, RGB, deflate, no filter, no interlace
  chunk(out, "IHDR", header);
  chunk(out, "IDAT", z);
  chunk(out, "IEND", "");
  return out;
}

void writePngRgb(const std::string& path, const cv::Mat& rgb) {
  const std::string bytes = encodePngRgb(rgb);
  std::ofstream f(path, std::ios::binary);
  if (!f.write(bytes.data(), std::streamsize(bytes.size())))
    throw std::runtime_error("cannot write image " + path);
}

}  // namespace media
}  // namespace pmg
