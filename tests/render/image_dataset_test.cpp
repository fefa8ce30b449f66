// The policy of `pmg render` (render/image_dataset.h): image i depends only on the source,
// the seed and i; a shader that fails is named once and its images fall to the next one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>

#include "pmg/render/image_dataset.h"
#include "pmg/render/shader_library.h"

namespace pmg::render {
namespace {

std::string shaderDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("pmg_image_dataset_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a_broken.glsl")
      << "void mainImage(out vec4 c, in vec2 f) {\n  c = nope;\n}\n";
  std::ofstream(dir / "b_waves.glsl")
      << "void mainImage(out vec4 c, in vec2 f) { c = vec4(0.5 + 0.5 * sin(f.x * 0.2 + iTime), "
         "f.y / iResolution.y, 0.3, 1.0); }\n";
  return dir.string();
}

TEST(ImageDataset, LibraryImagesDependOnlyOnSeedAndIndex) {
  ImageDatasetOptions o;
  o.size = 32;
  o.seed = 3;
  o.count = 8;
  ImageDataset a(o), b(o);
  const DatasetImage first = a.render(5), again = b.render(5), other = a.render(6);
  ASSERT_FALSE(first.rgb.empty());
  EXPECT_EQ(first.rgb.size(), cv::Size(32, 32));
  EXPECT_EQ(cv::norm(first.rgb, again.rgb, cv::NORM_INF), 0.0);
  EXPECT_EQ(first.record, again.record);
  const auto library = builtinShaders();
  EXPECT_EQ(first.record["program"], library[5 % library.size()].id);
  EXPECT_NE(first.record["program"], other.record["program"]);
  EXPECT_TRUE(a.rejected().empty());
}

TEST(ImageDataset, ABrokenUserShaderIsNamedOnceAndItsImagesFallToTheNext) {
  ImageDatasetOptions o;
  o.source = shaderDir("fallback");
  o.size = 32;
  o.count = 4;
  std::vector<nlohmann::json> verdicts;
  std::vector<std::string> notes;
  ImageDataset d(
      o, [&](const nlohmann::json& v) { verdicts.push_back(v); },
      [&](const std::string& n) { notes.push_back(n); });
  for (long i = 0; i < 4; ++i) {
    const DatasetImage img = d.render(i);
    ASSERT_FALSE(img.rgb.empty()) << i;
    EXPECT_EQ(img.record["program"], "b_waves") << i;
  }
  ASSERT_EQ(verdicts.size(), 2u);  // each shader judged once
  long refused = 0;
  for (const auto& [why, n] : d.rejected()) refused += n;
  EXPECT_EQ(refused, 1);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("skipped shader a_broken"), std::string::npos) << notes[0];
  std::filesystem::remove_all(o.source);
}

TEST(ImageDataset, AFolderWithoutShadersIsAClearError) {
  const auto dir = std::filesystem::temp_directory_path() / "pmg_image_dataset_empty";
  std::filesystem::create_directories(dir);
  ImageDatasetOptions o;
  o.source = dir.string();
  try {
    ImageDataset d(o);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no shader found in"), std::string::npos);
  }
}

TEST(ImageDataset, ProceduralImagesAreCategoryIModCategoriesInstanceIDivCategories) {
  ImageDatasetOptions o;
  o.source = "visualatom";
  o.size = 32;
  o.count = 20;  // 2 categories by default (count / 10)
  ImageDataset d(o);
  const DatasetImage img = d.render(5);
  ASSERT_FALSE(img.rgb.empty());
  EXPECT_EQ(img.record["category"], 1);
  EXPECT_EQ(img.record["instance"], 2);
  EXPECT_EQ(img.record["program"], "visualatom");
  o.categories = 5;
  EXPECT_EQ(ImageDataset(o).render(5).record["category"], 0);
}

}  // namespace
}  // namespace pmg::render
