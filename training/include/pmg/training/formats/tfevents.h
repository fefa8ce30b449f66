// TensorBoard event files without TensorFlow: scalar summaries in the TFRecord
// framing (length, masked CRC32C, data, masked CRC32C) that `tensorboard --logdir` reads.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>

namespace pmg::training {

/// CRC32C (Castagnoli) of a byte range.
uint32_t crc32c(const void* data, size_t size);
/// TFRecord's masked CRC: ((crc >> 15) | (crc << 17)) + 0xa282ead8.
uint32_t maskedCrc32c(const void* data, size_t size);

/// Appends Event protos with scalar summaries to events.out.tfevents.<time>.<host>.
class TfEventsWriter {
 public:
  /// Creates the file in `dir` and writes the file_version event.
  explicit TfEventsWriter(const std::string& dir);
  /// Writes one scalar at `step`; flushed at once so a live TensorBoard sees it.
  void scalar(const std::string& tag, double value, int64_t step);
  const std::string& path() const { return path_; }

 private:
  void writeRecord(const std::string& data);
  std::string path_;
  std::ofstream out_;
};

}  // namespace pmg::training
