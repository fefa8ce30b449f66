// Image sizes and completeness from the file alone, before any decoding: so a
// decompression bomb (a small file of a huge image) is refused or decoded reduced, and
// a truncated file is skipped rather than used half-decoded.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace pmg {
inline namespace media {

/// Width and height from the header of a PNG, JPEG, GIF, BMP, WebP or PNM file;
/// nullopt for other formats or unreadable headers.
struct ImageDims {
  int64_t width = 0, height = 0;
  int64_t pixels() const { return width * height; }
};
std::optional<ImageDims> readImageDims(const std::string& path);

/// False when a PNG lacks its IEND chunk or a JPEG its end-of-image marker (the file
/// was cut short); true otherwise (other formats are left to the decoder).
bool imageFileLooksComplete(const std::string& path);

/// The largest image decoded at full size, in pixels: $PMG_MAX_IMAGE_PIXELS, else 64 M
/// (8192 x 8192). Larger JPEGs are decoded reduced; other formats are refused.
int64_t maxImagePixels();

}  // namespace media
}  // namespace pmg
