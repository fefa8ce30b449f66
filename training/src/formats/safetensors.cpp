#include "pmg/training/formats/safetensors.h"

#include "pmg/runs/run_guard.h"

#include "pmg/base/durable_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace pmg::training {

namespace {

std::string dtypeName(torch::ScalarType t) {
  switch (t) {
    case torch::kFloat32:
      return "F32";
    case torch::kBFloat16:
      return "BF16";
    case torch::kFloat16:
      return "F16";
    case torch::kInt64:
      return "I64";
    default:
      throw std::invalid_argument("safetensors: unsupported dtype " +
                                  std::string(c10::toString(t)));
  }
}

torch::ScalarType dtypeFrom(const std::string& s) {
  if (s == "F32") return torch::kFloat32;
  if (s == "BF16") return torch::kBFloat16;
  if (s == "F16") return torch::kFloat16;
  if (s == "I64") return torch::kInt64;
  throw std::invalid_argument("safetensors: unsupported dtype " + s);
}

}  // namespace

void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    auto c = t.detach().to(torch::kCPU).contiguous();
    const uint64_t bytes = uint64_t(c.numel()) * c.element_size();
    header[name] = {{"dtype", dtypeName(c.scalar_type())},
                    {"shape", c.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(c);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // pad with spaces to 8-byte alignment
  DurableWriter f(path);  // a failed write throws naming the file and leaves no temporary
  const uint64_t n = text.size();
  f.write(&n, 8);
  f.write(text.data(), text.size());
  for (const auto& c : data) f.write(c.data_ptr(), size_t(c.numel()) * c.element_size());
  f.commit();
}

std::map<std::string, torch::Tensor> readSafetensors(const std::string& path,
                                                     std::map<std::string, std::string>* metadata) {
  requireRegularFile(path, "safetensors file");  // a FIFO or device would block the read
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open");
  uint64_t n = 0;
  f.read(reinterpret_cast<char*>(&n), 8);
  if (!f || n == 0 || n > 100'000'000)
    throw std::runtime_error(path + ": not a safetensors file (bad header size)");
  std::string text(n, '\0');
  f.read(text.data(), std::streamsize(n));
  const auto header = nlohmann::json::parse(text, nullptr, false);
  if (!f || header.is_discarded() || !header.is_object())
    throw std::runtime_error(path + ": bad safetensors header");
  // Checked as the reference implementation does, before any tensor is allocated:
  // entries well-formed, dtype known, byte size = shape x dtype size, offsets inside the
  // data, contiguous from 0 without overlap, and no trailing bytes.
  const std::streamoff data_start = f.tellg();
  f.seekg(0, std::ios::end);
  const uint64_t data_size = uint64_t(f.tellg() - data_start);
  f.seekg(data_start);
  struct Entry {
    std::string name;
    torch::Dtype dtype;
    std::vector<int64_t> shape;
    uint64_t begin, end;
  };
  std::vector<Entry> entries;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      if (!it.value().is_object())
        throw std::runtime_error(path + ": __metadata__ must be an object of strings");
      for (auto m = it.value().begin(); m != it.value().end(); ++m)
        if (!m.value().is_string())
          throw std::runtime_error(path + ": __metadata__." + m.key() + " must be a string");
      if (metadata) *metadata = it.value().get<std::map<std::string, std::string>>();
      continue;
    }
    const auto& e = it.value();
    const std::string where = path + ": tensor '" + it.key() + "'";
    if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") ||
        !e.contains("data_offsets") || !e["dtype"].is_string() || !e["shape"].is_array() ||
        !e["data_offsets"].is_array() || e["data_offsets"].size() != 2)
      throw std::runtime_error(where + ": needs dtype, shape and two data_offsets");
    Entry entry{it.key(), torch::kFloat32, {}, 0, 0};
    try {
      entry.dtype = dtypeFrom(e["dtype"].get<std::string>());
    } catch (const std::invalid_argument& error) {
      throw std::runtime_error(where + ": " + error.what());
    }
    uint64_t elements = 1;
    for (const auto& d : e["shape"]) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0)
        throw std::runtime_error(where + ": shape entries must be non-negative integers");
      entry.shape.push_back(d.get<int64_t>());
      if (entry.shape.back() != 0 && elements > (uint64_t(1) << 40) / uint64_t(entry.shape.back()))
        throw std::runtime_error(where + ": shape is too large");
      elements *= uint64_t(entry.shape.back());
    }
    for (const auto& o : e["data_offsets"])
      if (!o.is_number_unsigned() && !(o.is_number_integer() && o.get<int64_t>() >= 0))
        throw std::runtime_error(where + ": data_offsets must be non-negative integers");
    entry.begin = e["data_offsets"][0].get<uint64_t>();
    entry.end = e["data_offsets"][1].get<uint64_t>();
    if (entry.begin > entry.end || entry.end > data_size)
      throw std::runtime_error(where + ": data_offsets [" + std::to_string(entry.begin) + ", " +
                               std::to_string(entry.end) + "] outside the " +
                               std::to_string(data_size) + " data bytes");
    const uint64_t bytes = elements * uint64_t(c10::elementSize(entry.dtype));
    if (bytes != entry.end - entry.begin)
      throw std::runtime_error(where + ": " + std::to_string(entry.end - entry.begin) +
                               " bytes for a shape and dtype that need " + std::to_string(bytes));
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
  uint64_t expected = 0;
  for (const auto& e : entries) {
    if (e.begin != expected)
      throw std::runtime_error(
          path + ": tensor '" + e.name + "' starts at byte " + std::to_string(e.begin) +
          ", expected " + std::to_string(expected) +
          (e.begin < expected ? " (overlaps the previous tensor)" : " (a gap in the data)"));
    expected = e.end;
  }
  if (expected != data_size)
    throw std::runtime_error(path + ": " + std::to_string(data_size - expected) +
                             " trailing bytes after the last tensor");
  std::map<std::string, torch::Tensor> out;
  for (const auto& e : entries) {
    auto t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype));
    f.seekg(data_start + std::streamoff(e.begin));
    if (!f.read(static_cast<char*>(t.data_ptr()), std::streamsize(e.end - e.begin)))
      throw std::runtime_error(path + ": cannot read tensor '" + e.name + "'");
    out.emplace(e.name, t);
  }
  return out;
}

}  // namespace pmg::training
