#include <gtest/gtest.h>

#include "pmg/config/pmg_config.h"

using namespace pmg;

TEST(PmgConfig, DefaultsAreAppendixD) {
  PmgParams p;
  EXPECT_DOUBLE_EQ(p.window_fraction, 0.5);
  EXPECT_DOUBLE_EQ(p.zoom_small.lo, 0.2);
  EXPECT_DOUBLE_EQ(p.zoom_small.hi, 0.45);
  EXPECT_DOUBLE_EQ(p.zoom_large.lo, 0.55);
  EXPECT_DOUBLE_EQ(p.zoom_large.hi, 0.95);
  EXPECT_DOUBLE_EQ(p.rotation_deg.lo, -15);
  EXPECT_DOUBLE_EQ(p.translate.hi, 0.01);
  EXPECT_DOUBLE_EQ(p.scale.lo, 0.9999);
  EXPECT_DOUBLE_EQ(p.shear_deg.hi, 1);
  EXPECT_DOUBLE_EQ(p.perspective_distortion, 0.05);
  EXPECT_DOUBLE_EQ(p.contrast.hi, 0.3);
  EXPECT_DOUBLE_EQ(p.hue.hi, 0.1);
  PmgConfig c;
  EXPECT_EQ(c.frames, 16);
  EXPECT_EQ(c.size, 224);
  EXPECT_EQ(c.mode, RecursionMode::Recursive);
}

TEST(PmgConfig, PaperBestIsZoomPlusAffineWithMixup) {
  const PmgConfig c = presetConfig("paper-best");
  ASSERT_EQ(c.transforms.size(), 2u);
  EXPECT_EQ(c.transforms[0].kind, TransformKind::Zoom);
  EXPECT_EQ(c.transforms[1].kind, TransformKind::Affine);
  EXPECT_EQ(c.batch_mix, BatchMix::Mixup);
}

TEST(PmgConfig, EverySingleTransformIsAPreset) {
  for (auto k : allTransforms()) {
    const PmgConfig c = presetConfig(transformName(k));
    ASSERT_EQ(c.transforms.size(), 1u);
    EXPECT_EQ(c.transforms[0].kind, k);
  }
  EXPECT_EQ(parseTransformName("Sliding-Window"), TransformKind::SlidingWindow);
  EXPECT_EQ(parseTransformName("zoom-in"), TransformKind::Zoom);
}

TEST(PmgConfig, UnknownNamesAreClearErrors) {
  try {
    presetConfig("wobble");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("wobble"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("paper-best"), std::string::npos);
  }
}

TEST(PmgConfig, InvalidValueNamesKeyAndRange) {
  nlohmann::json j = {{"params", {{"rotation_deg", {-200, 15}}}}};
  try {
    pmgConfigFromJson(j);
    FAIL();
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("pmg.params.rotation_deg"), std::string::npos) << m;
    EXPECT_NE(m.find("[-180, 180]"), std::string::npos) << m;
  }
  EXPECT_THROW(pmgConfigFromJson({{"frames", 1}}), ConfigError);
  EXPECT_THROW(pmgConfigFromJson({{"mode", "sideways"}}), ConfigError);
  EXPECT_THROW(pmgConfigFromJson({{"params", {{"zoom_small", {0.5, 0.2}}}}}), ConfigError);
}

TEST(PmgConfig, JsonRoundTrip) {
  PmgConfig c = presetConfig("all");
  c.params.rotation_deg = {-5, 7};
  c.mode = RecursionMode::Composed;
  c.frames = 8;
  c.batch_mix = BatchMix::VideoMix;
  const PmgConfig d = pmgConfigFromJson(toJson(c));
  EXPECT_EQ(toJson(c), toJson(d));
  EXPECT_EQ(d.transforms.size(), paperTransforms().size());
}
