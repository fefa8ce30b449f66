// TrainOptions is read strictly, with the bounds of the one option table (pmg/train_fields.h).
#include <gtest/gtest.h>

#include <string>

#include "pmg/config/train_fields.h"
#include "pmg/config/train_options.h"
#include "pmg/config/videomae_config.h"

namespace pmg {
namespace {

/// The message of reading `j` ("" when it reads).
std::string readError(const nlohmann::json& j) {
  try {
    trainOptionsFromJson(j);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(TrainOptions, WrittenOptionsReadBackUnchanged) {
  TrainOptions o;
  o.batch = 12;
  o.base_lr = 0.02;
  o.sources = {{"generated@10", 0.3, false}, {"library", 0.7, false}};
  o.mask = "motion";
  const nlohmann::json j = toJson(o);
  EXPECT_EQ(toJson(trainOptionsFromJson(j)), j);
}

TEST(TrainOptions, EveryKeyOfTheTableIsReadWithItsBounds) {
  for (const auto& f : trainOptionFields()) {
    EXPECT_EQ(
        readError({{f.key, f.integer() ? nlohmann::json((long long)f.hi) : nlohmann::json(f.hi)}}),
        "")
        << f.key;
    EXPECT_EQ(
        readError({{f.key, f.integer() ? nlohmann::json((long long)f.lo) : nlohmann::json(f.lo)}}),
        "")
        << f.key;
    const double above = f.hi + 1.0;
    const std::string error = readError(
        {{f.key, f.integer() ? nlohmann::json((long long)above) : nlohmann::json(above)}});
    EXPECT_NE(error.find(std::string("train.") + f.key + " must be between"), std::string::npos)
        << error;
    if (f.integer()) {
      EXPECT_NE(readError({{f.key, f.lo + 0.5}}).find("whole number"), std::string::npos) << f.key;
    }
  }
}

TEST(TrainOptions, EveryFieldIsWrittenAndReadThroughItsMember) {
  // Each field set to its upper bound alone: the writer writes it under its key and the
  // reader puts it back into the same member (no field is written or read by hand).
  for (const auto& f : trainOptionFields()) {
    TrainOptions o;
    std::visit([&](auto m) { o.*m = decltype(o.*m + 0)(f.hi); }, f.member);
    const nlohmann::json j = toJson(o);
    ASSERT_TRUE(j.contains(f.key)) << f.key;
    EXPECT_EQ(j.at(f.key).is_number_integer(), f.integer()) << f.key;
    EXPECT_DOUBLE_EQ(f.value(trainOptionsFromJson(j)), f.hi) << f.key;
    EXPECT_NE(f.value(TrainOptions{}), f.hi) << f.key << ": the default is not a test";
  }
}

TEST(TrainOptions, UnknownKeysAndNamesAreNamed) {
  EXPECT_NE(readError({{"batch_size", 4}}).find("did you mean \"batch\""), std::string::npos);
  EXPECT_NE(readError({{"mask", "cells"}}).find("allowed tube, motion, running-cell"),
            std::string::npos);
  EXPECT_NE(readError({{"pmg_device", "gpu"}}).find("train.pmg_device"), std::string::npos);
  EXPECT_NE(readError({{"model", "huge"}}).find("allowed tiny, small, base, large"),
            std::string::npos);
  EXPECT_NE(readError({{"sources", {{{"weight", 1}}}}}).find("needs a \"spec\""),
            std::string::npos);
}

TEST(TrainOptions, ModelOverridesAreCheckedBeforeNarrowing) {
  EXPECT_THROW(videoMaeConfig("tiny", {{"image_size", 4294967328LL}}), std::invalid_argument);
  EXPECT_THROW(videoMaeConfig("tiny", {{"patch", 4.5}}), std::invalid_argument);
  EXPECT_EQ(videoMaeConfig("tiny", {{"image_size", 64}}).image_size, 64);
}

}  // namespace
}  // namespace pmg
