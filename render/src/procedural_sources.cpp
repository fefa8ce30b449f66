#include "pmg/render/procedural_sources.h"

#include <map>
#include <mutex>
#include <stdexcept>

#include "pmg/render/fractaldb.h"
#include "pmg/render/shader_generator.h"
#include "pmg/render/shader_source.h"
#include "pmg/render/visual_atom.h"

namespace pmg::render {

namespace {

constexpr long kMaxGeneratedShaders = 100000;  ///< generated@N: programs made up front
constexpr long kMaxCategories = 1000000;       ///< fractaldb@N, visualatom@N: categories

struct ProceduralSpec {
  std::string kind;
  long count = 0;
  uint64_t seed = 0;
};

ProceduralSpec parseSpec(const std::string& spec) {
  const auto at = spec.find('@');
  if (at == std::string::npos) throw std::invalid_argument("not a procedural source: " + spec);
  ProceduralSpec p;
  p.kind = spec.substr(0, at);
  const std::string rest = spec.substr(at + 1);
  const auto slash = rest.find('/');
  try {
    size_t used = 0;
    p.count = std::stol(rest.substr(0, slash), &used);
    if (used != rest.substr(0, slash).size()) throw std::invalid_argument("trailing text");
    if (slash != std::string::npos) p.seed = std::stoull(rest.substr(slash + 1));
  } catch (const std::exception&) {
    throw std::invalid_argument("malformed source '" + spec + "': expected " + p.kind +
                                "@COUNT or " + p.kind + "@COUNT/SEED");
  }
  if (p.count < 1) throw std::invalid_argument("source '" + spec + "': COUNT must be >= 1");
  // Checked before anything is made: generated@N writes N programs up front, the category
  // sources search N parameter sets lazily but index N x 1000 instances.
  const long max_count = p.kind == "generated" ? kMaxGeneratedShaders : kMaxCategories;
  if (p.count > max_count)
    throw std::invalid_argument("source '" + spec + "': COUNT must be at most " +
                                std::to_string(max_count) + " for " + p.kind + ", got " +
                                std::to_string(p.count));
  return p;
}

/// FractalDB or VisualAtom images: category parameters drawn once and cached.
class CategorySource : public pmg::ImageSource {
 public:
  CategorySource(ProceduralSpec spec, int size) : spec_(std::move(spec)), size_(size) {}
  long size() const override { return spec_.count * 1000; }  // 1000 instances per category
  std::string itemName(long i) const override {
    return spec_.kind + "/category-" + std::to_string(i % spec_.count) + "/instance-" +
           std::to_string(i / spec_.count);
  }
  std::string describe() const override {
    return spec_.kind + " (" + std::to_string(spec_.count) + " categories, seed " +
           std::to_string(spec_.seed) + ")";
  }
  pmg::LoadedImage load(long i, pmg::Rng&) override {
    const long category = i % spec_.count, instance = i / spec_.count;
    pmg::LoadedImage out;
    if (spec_.kind == "fractaldb") {
      out.rgb = renderFractalInstance(fractal(category), instance, size_, 60000);
    } else {
      out.rgb = renderVisualAtom(drawVisualAtomCategory(spec_.seed, category), spec_.seed, instance,
                                 size_);
    }
    return out;
  }

 private:
  IfsSystem fractal(long category) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = systems_.find(category);
    if (it == systems_.end())
      it = systems_.emplace(category, searchFractalCategory(spec_.seed, category)).first;
    return it->second;
  }
  ProceduralSpec spec_;
  int size_;
  std::mutex mutex_;
  std::map<long, IfsSystem> systems_;
};

}  // namespace

bool isProceduralSpec(const std::string& spec) {
  for (const char* k : {"generated@", "fractaldb@", "visualatom@"})
    if (spec.rfind(k, 0) == 0) return true;
  return false;
}

std::unique_ptr<pmg::ImageSource> openProceduralSource(const std::string& spec, int render_size) {
  const ProceduralSpec p = parseSpec(spec);
  if (p.kind == "generated") {
    std::vector<ShaderEntry> shaders;
    for (long i = 0; i < p.count; ++i) shaders.push_back(generateShader(p.seed + uint64_t(i)));
    return std::make_unique<ShaderImageSource>(std::move(shaders), render_size);
  }
  if (p.kind == "fractaldb" || p.kind == "visualatom")
    return std::make_unique<CategorySource>(p, render_size);
  throw std::invalid_argument("unknown procedural source '" + p.kind +
                              "': allowed generated@N, fractaldb@N, visualatom@N");
}

}  // namespace pmg::render
