#include "pmg/training/safetensors.h"

#include "pmg/durable_file.h"

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
  std::vector<char> buffer((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::map<std::string, torch::Tensor> out;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      if (metadata) *metadata = it.value().get<std::map<std::string, std::string>>();
      continue;
    }
    const auto& e = it.value();
    const auto begin = e.at("data_offsets")[0].get<uint64_t>(),
               end = e.at("data_offsets")[1].get<uint64_t>();
    if (end > buffer.size() || begin > end)
      throw std::runtime_error(path + ": tensor " + it.key() + " out of range");
    const auto shape = e.at("shape").get<std::vector<int64_t>>();
    auto t = torch::empty(
        shape, torch::TensorOptions().dtype(dtypeFrom(e.at("dtype").get<std::string>())));
    if (uint64_t(t.numel() * t.element_size()) != end - begin)
      throw std::runtime_error(path + ": size mismatch for " + it.key());
    std::memcpy(t.data_ptr(), buffer.data() + begin, end - begin);
    out.emplace(it.key(), t);
  }
  return out;
}

}  // namespace pmg::training
