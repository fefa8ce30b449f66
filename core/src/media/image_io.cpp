#include "pmg/media/image_io.h"

#include "pmg/base/file_kind.h"
#include "pmg/base/stop_request.h"
#include "pmg/media/image_header.h"
#include "pmg/media/png_writer.h"

#include <unistd.h>
#include <algorithm>

#include <filesystem>
#if PMG_HAVE_OPENCV_IO
#include <opencv2/imgcodecs.hpp>
#endif
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace fs = std::filesystem;

namespace pmg {
inline namespace media {

namespace {

std::string lowerExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::vector<std::string> listFiles(const std::string& dir, bool (*accept)(const std::string&),
                                   std::vector<SkippedPath>* skipped) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  auto skip = [&](const fs::path& p, const std::string& why) {
    if (skipped) skipped->push_back({p.string(), why});
  };
  fs::recursive_directory_iterator it(dir, ec), end;
  size_t seen = 0;
  for (; !ec && it != end; it.increment(ec)) {
    if (++seen % 256 == 0)  // a stop request is honoured while a large folder is listed
      checkStop("listing " + dir + " (" + std::to_string(files.size()) + " files so far)");
    const fs::path& p = it->path();
    const bool wanted = accept(p.string());
    std::error_code link_ec;
    if (it->is_symlink(link_ec)) {
      std::error_code target_ec;
      (void)fs::status(p, target_ec);  // follows the link
      if (target_ec) {
        if (wanted)
          skip(p, target_ec == std::errc::too_many_symbolic_link_levels
                      ? "symbolic link loop"
                      : "dangling symbolic link (" + target_ec.message() + ")");
        continue;
      }
    }
    std::error_code dir_ec;
    if (it->is_directory(dir_ec)) {
      if (wanted) skip(p, "a folder named like a media file");
      if (::access(p.c_str(), R_OK | X_OK) != 0) {
        skip(p, "unreadable folder (permission denied)");
        it.disable_recursion_pending();
      }
      continue;
    }
    if (wanted) {
      std::error_code file_ec;
      if (it->is_regular_file(file_ec))
        files.push_back(p.string());
      else
        skip(p, "not a regular file");
    }
  }
  if (ec) skip(dir, "listing stopped: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool hasImageExtension(const std::string& path) {
  static const char* exts[] = {".png",  ".jpg", ".jpeg", ".bmp", ".tif", ".tiff",
                               ".webp", ".ppm", ".pgm",  ".pnm", ".exr", ".hdr"};
  const std::string e = lowerExtension(path);
  return std::any_of(std::begin(exts), std::end(exts), [&](const char* x) { return e == x; });
}

bool hasVideoExtension(const std::string& path) {
  static const char* exts[] = {".mp4", ".avi",  ".mkv", ".mov", ".webm", ".m4v",
                               ".mpg", ".mpeg", ".ogv", ".flv", ".wmv"};
  const std::string e = lowerExtension(path);
  return std::any_of(std::begin(exts), std::end(exts), [&](const char* x) { return e == x; });
}

cv::Mat toRgb8(const cv::Mat& image, bool bgr_order) {
  if (image.empty()) return {};
  cv::Mat img8;
  switch (image.depth()) {
    case CV_8U:
      img8 = image;
      break;
    case CV_16U:
      image.convertTo(img8, CV_8U, 1.0 / 257.0);
      break;
    case CV_32F:
    case CV_64F:
      image.convertTo(img8, CV_8U, 255.0);
      break;
    default:
      image.convertTo(img8, CV_8U);
      break;
  }
  cv::Mat rgb;
  switch (img8.channels()) {
    case 1:
      cv::cvtColor(img8, rgb, cv::COLOR_GRAY2RGB);
      break;
    case 3:
      if (bgr_order)
        cv::cvtColor(img8, rgb, cv::COLOR_BGR2RGB);
      else
        rgb = img8.clone();
      break;
    case 4:
      cv::cvtColor(img8, rgb, bgr_order ? cv::COLOR_BGRA2RGB : cv::COLOR_RGBA2RGB);
      break;
    default:
      throw std::invalid_argument("unsupported channel count " + std::to_string(img8.channels()));
  }
  return rgb;
}

LoadedImage loadImageRgb(const std::string& path) {
  LoadedImage out;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    out.error = "file not found";
    return out;
  }
  if (const std::string problem = irregularFileProblem(path); !problem.empty()) {
    out.error = problem;  // a FIFO or device would block the decoder's read
    return out;
  }
#if !PMG_HAVE_OPENCV_IO
  out.error = "this build has no image decoder (PMG_OPENCV_IO=OFF)";
  return out;
#else
  // Before decoding: a huge image in a small file is reduced (JPEG) or refused, and a
  // file cut short is skipped instead of being used half-decoded.
  int flags = cv::IMREAD_COLOR;  // applies EXIF orientation; gray/RGBA/16-bit to 8-bit BGR
  if (const auto dims = readImageDims(path)) {
    const int64_t limit = maxImagePixels();
    if (dims->width <= 0 || dims->height <= 0) {
      out.error = "the header gives an empty image";
      return out;
    }
    if (dims->pixels() > limit) {
      const bool jpeg = lowerExtension(path) == ".jpg" || lowerExtension(path) == ".jpeg";
      int factor = 1;
      while (factor < 8 && dims->pixels() / (int64_t(factor) * factor) > limit) factor *= 2;
      if (!jpeg || dims->pixels() / (int64_t(factor) * factor) > limit) {
        out.error = "image of " + std::to_string(dims->width) + "x" + std::to_string(dims->height) +
                    " pixels is over the limit of " + std::to_string(limit) +
                    " (set PMG_MAX_IMAGE_PIXELS to raise it)";
        return out;
      }
      flags = factor == 2   ? cv::IMREAD_REDUCED_COLOR_2
              : factor == 4 ? cv::IMREAD_REDUCED_COLOR_4
                            : cv::IMREAD_REDUCED_COLOR_8;  // libjpeg decodes it scaled
    }
  }
  if (!imageFileLooksComplete(path)) {
    out.error = "truncated file (no end-of-image marker): skipped rather than half-decoded";
    return out;
  }
  cv::Mat raw;
  try {
    raw = cv::imread(path, flags);
  } catch (const cv::Exception& e) {
    out.error = std::string("decoder error: ") + e.what();
    return out;
  }
  if (raw.empty()) {
    out.error = "not a readable image (unknown format or corrupt data)";
    return out;
  }
  out.rgb = toRgb8(raw, true);
  return out;
#endif
}

cv::Mat canonicalSquare(const cv::Mat& rgb, int size, double position) {
  if (rgb.empty()) throw std::invalid_argument("canonicalSquare: empty image");
  const int short_side = std::min(rgb.cols, rgb.rows);
  const double k = double(size) / short_side;
  const int w = std::max(size, int(std::lround(rgb.cols * k)));
  const int h = std::max(size, int(std::lround(rgb.rows * k)));
  cv::Mat resized;
  if (w == rgb.cols && h == rgb.rows) {
    resized = rgb;
  } else {
    cv::resize(rgb, resized, cv::Size(w, h), 0, 0, k < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
  }
  // position -1..1 slides the crop along the long side (0 = centre).
  const double at = (std::clamp(position, -1.0, 1.0) + 1.0) / 2.0;
  const cv::Rect crop(int(std::lround((w - size) * at)), int(std::lround((h - size) * at)), size,
                      size);
  return resized(crop).clone();
}

std::vector<std::string> listImageFiles(const std::string& dir, std::vector<SkippedPath>* skipped) {
  return listFiles(dir, hasImageExtension, skipped);
}
std::vector<std::string> listVideoFiles(const std::string& dir, std::vector<SkippedPath>* skipped) {
  return listFiles(dir, hasVideoExtension, skipped);
}

void writeImageRgb(const std::string& path, const cv::Mat& rgb) {
#if !PMG_HAVE_OPENCV_IO
  if (lowerExtension(path) != ".png")
    throw std::runtime_error("cannot write " + path +
                             ": this build writes PNG only (PMG_OPENCV_IO=OFF)");
  writePngRgb(path, rgb);
#else
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<int> params;
  const std::string e = lowerExtension(path);
  if (e == ".png") params = {cv::IMWRITE_PNG_COMPRESSION, 1};
  if (e == ".jpg" || e == ".jpeg") params = {cv::IMWRITE_JPEG_QUALITY, 95};
  if (!cv::imwrite(path, bgr, params)) throw std::runtime_error("cannot write image " + path);
#endif
}

}  // namespace media
}  // namespace pmg
