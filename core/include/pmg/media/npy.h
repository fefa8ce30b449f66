// Minimal NumPy .npy reader/writer (little-endian, C order) for uint8 and float32.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pmg {
inline namespace media {

/// An n-dimensional array read from / written to .npy.
struct NpyArray {
  std::string dtype;  ///< "|u1" or "<f4"
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
};

/// Writes uint8 data with the given shape. Throws on I/O failure.
void writeNpyU8(const std::string& path, const uint8_t* data, const std::vector<int64_t>& shape);
/// Writes float32 data with the given shape. Throws on I/O failure.
void writeNpyF32(const std::string& path, const float* data, const std::vector<int64_t>& shape);
/// Reads a .npy file (version 1/2 header, u1 or f4). Throws naming the file on error.
NpyArray readNpy(const std::string& path);

}  // namespace media
}  // namespace pmg
