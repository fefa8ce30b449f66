// The objects block is read, written, validated and shown from one field table: every key it
// writes reads back, a typo of any key is named with the nearest one, and each field's
// bounds are the ones validation enforces.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "pmg/config/object_params.h"
#include "pmg/config/pmg_config.h"

namespace pmg {
namespace {

std::string readError(const nlohmann::json& j) {
  try {
    ObjectParams p;
    readObjectParams(j, p);
    validate(p);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ObjectParams, WritesEveryKeyOfTheTableAndReadsItBack) {
  ObjectParams p;
  p.count_min = 3;
  p.count_max = 5;
  p.shake = 0.02;
  p.camera = "zoom";
  p.background = ObjectBackground::Black;
  p.shapes = {ObjectShape::Cutout};
  const nlohmann::json j = toJson(p);
  EXPECT_EQ(j.size(), objectParamKeys().size());
  for (const auto& key : objectParamKeys()) EXPECT_TRUE(j.contains(key)) << key;
  ObjectParams back;
  readObjectParams(j, back);
  EXPECT_EQ(toJson(back), j);
}

TEST(ObjectParams, ATypoInEveryKeyIsNamedWithTheNearestKey) {
  const nlohmann::json full = toJson(ObjectParams{});
  for (const auto& key : objectParamKeys()) {
    nlohmann::json j = full;
    j.erase(key);
    const std::string typo = key + "x";
    j[typo] = full[key];
    const std::string error = readError(j);
    EXPECT_NE(error.find("unknown key \"" + typo + "\""), std::string::npos) << error;
    EXPECT_NE(error.find("did you mean \"" + key + "\""), std::string::npos) << error;
  }
}

TEST(ObjectParams, EachFieldIsRefusedJustOutsideItsBoundsAndAcceptedAtThem) {
  for (const auto& f : objectNumberFields()) {
    EXPECT_LE(float(f.lo), f.ui_lo) << f.key;  // the GUI slider stays within what validation allows
    EXPECT_GE(float(f.hi), f.ui_hi) << f.key;
    for (double bad : {f.lo - 1e-3 - std::abs(f.lo) * 1e-3, f.hi + 1e-3 + std::abs(f.hi) * 1e-3}) {
      ObjectParams p;
      p.*f.value = bad;
      if (f.hi_value) p.*f.hi_value = bad;
      try {
        validate(p);
        ADD_FAILURE() << f.key << " = " << bad << " was accepted";
      } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find(std::string("pmg.params.objects.") + f.key),
                  std::string::npos)
            << e.what();
      }
    }
    ObjectParams at_bounds;
    at_bounds.*f.value = f.lo;
    if (f.hi_value) at_bounds.*f.hi_value = f.hi;
    EXPECT_NO_THROW(validate(at_bounds)) << f.key;
  }
}

TEST(ObjectParams, CountsMustBeWholeNumbersAndPairsOrdered) {
  EXPECT_NE(readError({{"count", {2.5, 4}}}).find("whole numbers"), std::string::npos);
  EXPECT_NE(readError({{"radius", {0.4, 0.1}}}).find("need lo <= hi"), std::string::npos);
  EXPECT_NE(readError({{"speed", 0.1}}).find("expected [lo, hi]"), std::string::npos);
  EXPECT_NE(readError({{"camera", "dolly"}}).find("allowed none"), std::string::npos);
}

TEST(ObjectParams, ConfigKeyErrorsAreConfigErrors) {  // one error type for every config reader
  try {
    pmgConfigFromJson({{"framse", 8}});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"frames\""), std::string::npos);
  }
}

}  // namespace
}  // namespace pmg
