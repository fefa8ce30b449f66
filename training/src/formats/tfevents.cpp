#include "pmg/training/formats/tfevents.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <stdexcept>

namespace pmg::training {

namespace {

const std::array<uint32_t, 256>& crcTable() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

// Minimal protobuf encoding: varints, fixed64/fixed32, length-delimited fields.
void varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(char(v | 0x80));
    v >>= 7;
  }
  out.push_back(char(v));
}
void key(std::string& out, int field, int wire) {
  varint(out, uint64_t(field) << 3 | uint64_t(wire));
}
void fixed64(std::string& out, const void* p) {
  out.append(static_cast<const char*>(p), 8);
}
void bytesField(std::string& out, int field, const std::string& data) {
  key(out, field, 2);
  varint(out, data.size());
  out += data;
}

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string event(double wall_time, int64_t step, int payload_field, const std::string& payload) {
  std::string e;
  key(e, 1, 1);  // double wall_time = 1
  fixed64(e, &wall_time);
  key(e, 2, 0);  // int64 step = 2
  varint(e, uint64_t(step));
  bytesField(e, payload_field, payload);
  return e;
}

}  // namespace

uint32_t crc32c(const void* data, size_t size) {
  const auto& t = crcTable();
  uint32_t c = 0xFFFFFFFFu;
  const auto* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < size; ++i) c = t[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t maskedCrc32c(const void* data, size_t size) {
  const uint32_t c = crc32c(data, size);
  return ((c >> 15) | (c << 17)) + 0xA282EAD8u;
}

TfEventsWriter::TfEventsWriter(const std::string& dir) {
  char host[256] = "localhost";
  ::gethostname(host, sizeof host - 1);
  path_ = dir + "/events.out.tfevents." + std::to_string(int64_t(now())) + "." + host + "." +
          std::to_string(::getpid());
  out_.open(path_, std::ios::binary | std::ios::app);
  if (!out_) throw std::runtime_error("cannot write " + path_);
  writeRecord(event(now(), 0, 3, "brain.Event:2"));  // string file_version = 3
}

void TfEventsWriter::scalar(const std::string& tag, double value, int64_t step) {
  std::string v;
  bytesField(v, 1, tag);  // Summary.Value.tag = 1
  const float f = float(value);
  key(v, 2, 5);  // float simple_value = 2
  v.append(reinterpret_cast<const char*>(&f), 4);
  std::string summary;
  bytesField(summary, 1, v);                    // Summary.value = 1
  writeRecord(event(now(), step, 5, summary));  // Summary summary = 5
}

void TfEventsWriter::writeRecord(const std::string& data) {
  const uint64_t len = data.size();
  const uint32_t len_crc = maskedCrc32c(&len, 8);
  const uint32_t data_crc = maskedCrc32c(data.data(), data.size());
  out_.write(reinterpret_cast<const char*>(&len), 8);
  out_.write(reinterpret_cast<const char*>(&len_crc), 4);
  out_.write(data.data(), std::streamsize(data.size()));
  out_.write(reinterpret_cast<const char*>(&data_crc), 4);
  out_.flush();
}

}  // namespace pmg::training
