#include "pmg/media/npy.h"

#include <fstream>
#include <numeric>
#include <regex>
#include <stdexcept>

namespace pmg {
inline namespace media {

namespace {

void writeNpy(const std::string& path, const char* dtype, const void* data, size_t item,
              const std::vector<int64_t>& shape) {
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i)
    dims +=
        std::to_string(shape[i]) + (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
  std::string header =
      std::string("{'descr': '") + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + path);
  const uint16_t len = uint16_t(header.size());
  f.write("\x93NUMPY\x01\x00", 8);
  f.write(reinterpret_cast<const char*>(&len), 2);
  f.write(header.data(), std::streamsize(header.size()));
  const int64_t n =
      std::accumulate(shape.begin(), shape.end(), int64_t(1), std::multiplies<int64_t>());
  f.write(static_cast<const char*>(data), std::streamsize(n * item));
  if (!f) throw std::runtime_error("write failed: " + path);
}

}  // namespace

void writeNpyU8(const std::string& path, const uint8_t* data, const std::vector<int64_t>& shape) {
  writeNpy(path, "|u1", data, 1, shape);
}

void writeNpyF32(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
  writeNpy(path, "<f4", data, 4, shape);
}

NpyArray readNpy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open");
  char magic[8];
  f.read(magic, 8);
  if (!f || std::string(magic, 6) != "\x93NUMPY")
    throw std::runtime_error(path + ": not a .npy file");
  uint32_t len = 0;
  if (magic[6] == 1) {
    uint16_t l16 = 0;
    f.read(reinterpret_cast<char*>(&l16), 2);
    len = l16;
  } else {
    f.read(reinterpret_cast<char*>(&len), 4);
  }
  std::string header(len, '\0');
  f.read(header.data(), len);
  std::smatch m;
  NpyArray a;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([^']+)'")))
    throw std::runtime_error(path + ": bad header");
  a.dtype = m[1];
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)")))
    throw std::runtime_error(path + ": bad header");
  const std::string dims = m[1];
  std::regex num("\\d+");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), num); it != std::sregex_iterator();
       ++it)
    a.shape.push_back(std::stoll(it->str()));
  size_t item = a.dtype == "|u1" ? 1 : a.dtype == "<f4" ? 4 : 0;
  if (!item) throw std::runtime_error(path + ": unsupported dtype " + a.dtype);
  const int64_t n =
      std::accumulate(a.shape.begin(), a.shape.end(), int64_t(1), std::multiplies<int64_t>());
  a.bytes.resize(size_t(n) * item);
  f.read(reinterpret_cast<char*>(a.bytes.data()), std::streamsize(a.bytes.size()));
  if (!f) throw std::runtime_error(path + ": truncated data");
  return a;
}

}  // namespace media
}  // namespace pmg
