// VideoMaeConfig is written, read and validated through its one field table
// (pmg/config/videomae_config.h): every key round-trips, unknown keys are named with the
// nearest one, and every bound is the same in the reader, validate() and overrides.
#include <gtest/gtest.h>

#include <string>

#include "pmg/config/videomae_config.h"

namespace pmg {
namespace {

/// The message of `read` ("" when it reads).
template <class Read>
std::string errorOf(Read&& read) {
  try {
    read();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

/// A whole-number or real JSON value for field `f`.
nlohmann::json valueFor(const ModelField& f, double v) {
  return f.integer() ? nlohmann::json((long long)v) : nlohmann::json(v);
}

TEST(VideoMaeConfigFields, EverySizeRoundTripsThroughJson) {
  for (const char* size : {"tiny", "small", "base", "large"}) {
    const VideoMaeConfig c = videoMaeConfig(size);
    const nlohmann::json j = toJson(c);
    for (const ModelField& f : modelFields()) EXPECT_TRUE(j.contains(f.key)) << f.key;
    EXPECT_EQ(toJson(videoMaeConfigFromJson(j)), j) << size;
  }
}

TEST(VideoMaeConfigFields, UnknownKeysAreNamedWithTheNearestOne) {
  nlohmann::json j = toJson(videoMaeConfig("tiny"));
  j["pacth"] = 4;
  EXPECT_NE(errorOf([&] { videoMaeConfigFromJson(j); }).find("did you mean \"patch\""),
            std::string::npos);
  const std::string overrides = errorOf([] { videoMaeConfig("tiny", {{"image_sise", 64}}); });
  EXPECT_NE(overrides.find("model_overrides: unknown key \"image_sise\""), std::string::npos)
      << overrides;
  EXPECT_NE(overrides.find("did you mean \"image_size\""), std::string::npos) << overrides;
}

TEST(VideoMaeConfigFields, TheReaderAndValidateRefuseJustOutsideEveryBound) {
  // A base model can take each bound of each field alone except where divisibility rules it
  // out; the message always names the key and the bounds of the table.
  for (const ModelField& f : modelFields()) {
    for (const double outside : {f.lo - (f.integer() ? 1.0 : f.lo * 0.5), f.hi + 1.0}) {
      nlohmann::json j = toJson(videoMaeConfig("base"));
      j[f.key] = valueFor(f, outside);
      const std::string read = errorOf([&] { videoMaeConfigFromJson(j); });
      EXPECT_NE(read.find(std::string("model.") + f.key + " must be between"), std::string::npos)
          << f.key << ": " << read;
      VideoMaeConfig c = videoMaeConfig("base");
      std::visit([&](auto m) { c.*m = decltype(c.*m + 0)(outside); }, f.member);
      const std::string validated = errorOf([&] { validate(c); });
      EXPECT_NE(validated.find(std::string(f.key) + " must be between"), std::string::npos)
          << f.key << ": " << validated;
    }
  }
}

TEST(VideoMaeConfigFields, OverridesAcceptTheTableBoundsThatFitTheShape) {
  EXPECT_EQ(videoMaeConfig("tiny", {{"image_size", 1024}, {"patch", 64}}).image_size, 1024);
  EXPECT_EQ(videoMaeConfig("tiny", {{"frames", 256}, {"tubelet", 16}}).frames, 256);
  EXPECT_EQ(videoMaeConfig("tiny", {{"frames", 1}, {"tubelet", 1}}).frames, 1);
  EXPECT_DOUBLE_EQ(videoMaeConfig("tiny", {{"mask_ratio", 0.9}}).mask_ratio, 0.9);
  // Divisibility is still checked after the bounds.
  EXPECT_NE(errorOf([] {
              videoMaeConfig("tiny", {{"frames", 7}});
            }).find("divisible"),
            std::string::npos);
}

TEST(VideoMaeConfigFields, OnlyTheShapeFieldsHaveFlags) {
  std::vector<std::string> flags;
  for (const ModelField& f : modelFields())
    if (*f.flag) flags.push_back(f.flag);
  EXPECT_EQ(flags, (std::vector<std::string>{"--image-size", "--frames", "--patch", "--tubelet"}));
}

}  // namespace
}  // namespace pmg
