// The PMG config reader is strict: every key it writes is read back, a typo of any key is
// an error naming the key and the nearest known one, integers are checked before narrowing.
#include <gtest/gtest.h>

#include <string>

#include "pmg/config/pmg_config.h"
#include "pmg/config/pmg_fields.h"

namespace pmg {
namespace {

/// The message of the ConfigError thrown by reading `j` ("" when it reads).
std::string readError(const nlohmann::json& j) {
  try {
    pmgConfigFromJson(j);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

/// `key` with its first two different neighbouring letters after the first swapped
/// ("rotation_deg" -> "rtoation_deg", "zoom_small" -> "zoo_msmall").
std::string typo(const std::string& key) {
  std::string t = key;
  for (size_t i = 1; i + 1 < t.size(); ++i)
    if (t[i] != t[i + 1]) {
      std::swap(t[i], t[i + 1]);
      break;
    }
  return t;
}

TEST(PmgStrictConfig, ATypoInEveryTopLevelKeyIsNamedWithTheNearestKey) {
  const nlohmann::json full = toJson(PmgConfig{presetConfig("all")});
  for (auto it = full.begin(); it != full.end(); ++it) {
    nlohmann::json j = full;
    j.erase(it.key());
    j[typo(it.key())] = it.value();
    const std::string error = readError(j);
    EXPECT_NE(error.find("unknown key \"" + typo(it.key()) + "\""), std::string::npos) << error;
    EXPECT_NE(error.find("did you mean \"" + it.key() + "\""), std::string::npos) << error;
  }
}

TEST(PmgStrictConfig, ATypoInEveryParameterKeyIsNamedWithTheNearestKey) {
  const nlohmann::json full = toJson(PmgConfig{presetConfig("all")});
  ASSERT_EQ(full["params"].size(), pmgParamKeys().size());
  for (const auto& key : pmgParamKeys()) {
    nlohmann::json j = full;
    j["params"].erase(key);
    j["params"][typo(key)] = full["params"][key];
    const std::string error = readError(j);
    EXPECT_NE(error.find("pmg.params: unknown key \"" + typo(key) + "\""), std::string::npos)
        << error;
    EXPECT_NE(error.find("did you mean \"" + key + "\""), std::string::npos) << error;
  }
}

TEST(PmgStrictConfig, TheIssuesTyposAreRefused) {
  EXPECT_NE(readError({{"params", {{"rotaton_deg", {-5, 5}}}}}).find("rotation_deg"),
            std::string::npos);
  EXPECT_NE(readError({{"mix_alpah", 0.5}}).find("mix_alpha"), std::string::npos);
  EXPECT_NE(readError({{"framse", 8}}).find("frames"), std::string::npos);
}

TEST(PmgStrictConfig, WrittenConfigsReadBackUnchanged) {
  PmgConfig c = presetConfig("all");
  c.params.rotation_deg = {-3, 4};
  c.frames = 8;
  c.mix_alpha = 0.7;
  const nlohmann::json j = toJson(c);
  EXPECT_EQ(toJson(pmgConfigFromJson(j)), j);
}

TEST(PmgStrictConfig, IntegersAreCheckedBeforeNarrowing) {
  // 2^32 + 32 would wrap to 32 in an int.
  EXPECT_NE(readError({{"size", 4294967328LL}}).find("pmg.size"), std::string::npos);
  EXPECT_NE(readError({{"frames", 8.5}}).find("whole number"), std::string::npos);
  EXPECT_NE(readError({{"frames", -4}}).find("pmg.frames"), std::string::npos);
  EXPECT_EQ(readError({{"frames", 8}}), "");
}

TEST(PmgStrictConfig, WrongTypesAreErrorsNotExceptionsOfTheJsonLibrary) {
  EXPECT_NE(readError({{"mode", 3}}).find("pmg.mode"), std::string::npos);
  EXPECT_NE(readError({{"batch_mix", true}}).find("pmg.batch_mix"), std::string::npos);
  EXPECT_NE(readError({{"transforms", {1, 2}}}).find("pmg.transforms"), std::string::npos);
  EXPECT_NE(readError({{"preset", 1}}).find("pmg.preset"), std::string::npos);
}

TEST(PmgStrictConfig, BoundsComeFromTheFieldTable) {
  // Each field's bounds are the validator's: just inside passes, just outside names the key.
  for (const auto& f : pmgParamFields()) {
    PmgConfig c = presetConfig("all");
    const double outside = f.hi + (f.hi - f.lo) * 0.01 + 1e-6;
    if (f.range)
      (c.params.*f.range) = {f.lo, f.hi};
    else
      (c.params.*f.value) = f.hi;
    EXPECT_NO_THROW(validate(c)) << f.key;
    if (f.range)
      (c.params.*f.range) = {f.lo, outside};
    else
      (c.params.*f.value) = outside;
    try {
      validate(c);
      ADD_FAILURE() << f.key << " accepted " << outside;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(f.key), std::string::npos) << e.what();
    }
    // The GUI's slider lies within what the validator accepts.
    EXPECT_GE(f.ui_lo, f.lo) << f.key;
    EXPECT_LE(f.ui_hi, f.hi) << f.key;
  }
  for (const auto& f : pmgTopFields()) {
    PmgConfig c = presetConfig("all");
    setPmgTopValue(c, f, f.hi);
    EXPECT_NO_THROW(validate(c)) << f.key;
    setPmgTopValue(c, f, f.hi + 1);
    EXPECT_THROW(validate(c), ConfigError) << f.key;
    EXPECT_GE(f.ui_lo, f.lo) << f.key;
    EXPECT_LE(f.ui_hi, f.hi) << f.key;
  }
}

}  // namespace
}  // namespace pmg
