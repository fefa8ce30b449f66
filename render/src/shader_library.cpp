#include "pmg/render/shader_library.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace pmg::render {

const std::vector<std::pair<std::string, std::string>>& embeddedLibraryFiles();
const std::vector<std::pair<std::string, std::string>>& embeddedCommonFiles();

std::string resolveCommon(const std::string& names) {
  std::istringstream is(names);
  std::string out;
  for (std::string name; is >> name;) {
    const auto& files = embeddedCommonFiles();
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const auto& f) { return f.first == name + ".glsl"; });
    if (it == files.end()) {
      out += "#error unknown common block '" + name + "' (see shaders/common)\n";
    } else {
      out += it->second;
    }
  }
  return out;
}

ShaderEntry parseShaderText(const std::string& id, const std::string& text) {
  ShaderEntry e;
  e.id = id;
  e.name = id;
  e.source = text;
  std::istringstream is(text);
  std::string line;
  const std::regex field(R"(^\s*//\s*(name|family|author|license|common)\s*:\s*(.*?)\s*$)");
  for (int n = 0; n < 12 && std::getline(is, line); ++n) {
    std::smatch m;
    if (!std::regex_match(line, m, field)) continue;
    const std::string key = m[1], value = m[2];
    if (key == "name")
      e.name = value;
    else if (key == "family")
      e.family = value;
    else if (key == "author")
      e.author = value;
    else if (key == "license")
      e.license = value;
    else if (key == "common")
      e.common = resolveCommon(value);
  }
  return e;
}

const std::vector<ShaderEntry>& builtinShaders() {
  static const std::vector<ShaderEntry> entries = [] {
    std::vector<ShaderEntry> out;
    for (const auto& [file, text] : embeddedLibraryFiles()) {
      out.push_back(parseShaderText(std::filesystem::path(file).stem().string(), text));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
  }();
  return entries;
}

ShaderEntry loadShaderFile(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot read shader file");
  std::stringstream ss;
  ss << f.rdbuf();
  return parseShaderText(std::filesystem::path(path).stem().string(), ss.str());
}

std::vector<ShaderEntry> loadShaderDir(const std::string& dir, std::vector<std::string>* errors) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".glsl" || e.path().extension() == ".frag")
      files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<ShaderEntry> out;
  for (const auto& f : files) {
    try {
      out.push_back(loadShaderFile(f));
    } catch (const std::exception& ex) {
      if (errors) errors->push_back(ex.what());
    }
  }
  return out;
}

}  // namespace pmg::render
