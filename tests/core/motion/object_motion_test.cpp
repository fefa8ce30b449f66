#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "pmg/config/pmg_config.h"
#include "pmg/motion/motion_program.h"
#include "pmg/motion/object_motion.h"
#include "pmg/motion/rasterizer.h"
#include "test_images.h"
#include "warp_checks.h"

using namespace pmg;
using test::meanAbsDiff;

namespace {

PmgConfig objectsConfig(int frames = 8, int size = 96) {
  PmgConfig c = presetConfig("objects");
  c.frames = frames;
  c.size = size;
  return c;
}

/// A plain square of half-side h moving with velocity v, nothing else in the scene.
MovingObject square(cv::Point2d start, cv::Point2d v, double h, cv::Vec3b color, int frames) {
  MovingObject o;
  o.shape = ObjectShape::Square;
  o.outline = {{-h, -h}, {h, -h}, {h, h}, {-h, h}};
  o.start = start;
  o.velocity = v;
  o.move_to = frames - 1;
  o.color = color;
  return o;
}

}  // namespace

TEST(ObjectMotion, ClipsAreDeterministicBySeedAndIndexAndObjectsMove) {
  const PmgConfig c = objectsConfig();
  const cv::Mat src = test::texturedImage(96, 1);
  Rng a(3, 7), b(3, 7), other(3, 8);
  const MotionProgram pa = drawMotionProgram(c, a), pb = drawMotionProgram(c, b);
  ASSERT_EQ(pa.kind, TransformKind::Objects);
  const Clip ca = rasterize(pa, src), cb = rasterize(pb, src);
  EXPECT_EQ(ca.data, cb.data);
  EXPECT_NE(ca.data, rasterize(drawMotionProgram(c, other), src).data);
  EXPECT_GT(meanAbsDiff(ca.frame(0), ca.frame(7)), 1.0);  // something moved
  const auto& objects = pa.parameters.at("objects");
  EXPECT_GE(objects.size(), 8u);
  EXPECT_LE(objects.size(), 24u);
}

TEST(ObjectMotion, AnObjectIsWhereItsMotionSaysAndLaterObjectsOccludeEarlierOnes) {
  const int frames = 6, size = 64;
  ObjectScene scene;
  scene.background = ObjectBackground::Black;
  scene.objects.push_back(square({20, 30}, {3, 1}, 6, cv::Vec3b(200, 0, 0), frames));
  scene.objects.push_back(square({20, 30}, {0, 0}, 3, cv::Vec3b(0, 0, 250), frames));
  for (int t = 0; t < frames; ++t) {
    cv::Mat frame(size, size, CV_8UC3, cv::Scalar::all(0));
    paintObjects(scene, t, nullptr, frame);
    // The red square's pixels are centred where start + v t says (the blue one hides part of
    // it only at t = 0, where both share the centre).
    cv::Mat red;
    cv::inRange(frame, cv::Scalar(200, 0, 0), cv::Scalar(200, 0, 0), red);
    cv::Mat blue;
    cv::inRange(frame, cv::Scalar(0, 0, 250), cv::Scalar(0, 0, 250), blue);
    const cv::Moments m = cv::moments(red | blue, true);
    if (t > 2) {
      const cv::Moments r = cv::moments(red, true);
      EXPECT_NEAR(r.m10 / r.m00, 20 + 3 * t, 0.75) << t;
      EXPECT_NEAR(r.m01 / r.m00, 30 + 1 * t, 0.75) << t;
    }
    // The blue square is drawn last: its centre is blue, whatever lies under it.
    EXPECT_EQ(frame.at<cv::Vec3b>(30, 20), cv::Vec3b(0, 0, 250)) << t;
    EXPECT_GT(m.m00, 0);
  }
}

TEST(ObjectMotion, BackgroundsAndCameraMotion) {
  const cv::Mat src = test::texturedImage(96, 2);
  for (auto bg : {ObjectBackground::Black, ObjectBackground::Color}) {
    PmgConfig c = objectsConfig();
    c.params.objects.background = bg;
    c.params.objects.count_min = c.params.objects.count_max = 1;
    c.params.objects.radius_min = c.params.objects.radius_max = 0.05;
    Rng rng(1, 2);
    const MotionProgram p = drawMotionProgram(c, rng);
    const Clip clip = rasterize(p, src);
    const cv::Vec3b expected =
        bg == ObjectBackground::Black ? cv::Vec3b(0, 0, 0) : p.objects->background_color;
    cv::Mat same;
    cv::inRange(clip.frame(3), cv::Scalar(expected[0], expected[1], expected[2]),
                cv::Scalar(expected[0], expected[1], expected[2]), same);
    EXPECT_GT(cv::countNonZero(same), 96 * 96 * 9 / 10);  // a small object on that background
  }
  PmgConfig c = objectsConfig();
  c.params.objects.count_min = c.params.objects.count_max = 1;
  c.params.objects.radius_min = c.params.objects.radius_max = 0.05;
  c.params.objects.camera = "zoom";
  Rng rng(4, 0);
  const MotionProgram p = drawMotionProgram(c, rng);
  ASSERT_TRUE(p.camera);
  EXPECT_EQ(p.parameters.at("camera").at("transform"), "zoom");
  const Clip clip = rasterize(p, src);
  EXPECT_GT(meanAbsDiff(clip.frame(0), clip.frame(7)), 3.0);  // the background zooms
}

TEST(ObjectMotion, ConfigIsValidatedNamingTheKey) {
  auto error = [](const nlohmann::json& objects) {
    try {
      pmgConfigFromJson({{"preset", "objects"}, {"params", {{"objects", objects}}}});
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error({{"count", {0, 5}}}).find("pmg.params.objects.count"), std::string::npos);
  EXPECT_NE(error({{"count", {4, 2}}}).find("lo <= hi"), std::string::npos);
  const std::string unknown = error({{"speeed", {0, 1}}});
  EXPECT_NE(unknown.find("pmg.params.objects: unknown key \"speeed\""), std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("\"speed\""), std::string::npos) << unknown;  // the nearest known key
  EXPECT_NE(error({{"shapes", {"hexagon"}}}).find("allowed circle"), std::string::npos);
  EXPECT_NE(error({{"camera", "fade"}}).find("pmg.params.objects.camera"), std::string::npos);
  EXPECT_NE(error({{"background", "white"}}).find("allowed source, color, black"),
            std::string::npos);
  EXPECT_EQ(error({{"count", {16, 16}}, {"shapes", {"circle", "cutout"}}}), "no error");
  // A config survives its JSON.
  PmgConfig c = presetConfig("objects+paper-best");
  c.params.objects.shapes = {ObjectShape::Triangle, ObjectShape::Cutout};
  c.params.objects.camera = "affine";
  const PmgConfig back = pmgConfigFromJson(toJson(c));
  EXPECT_EQ(toJson(back), toJson(c));
}

TEST(ObjectMotion, PresetsAndTheTransformList) {
  EXPECT_EQ(presetConfig("objects").transforms.front().kind, TransformKind::Objects);
  const PmgConfig both = presetConfig("objects+paper-best");
  EXPECT_EQ(both.transforms.size(), 3u);
  EXPECT_EQ(both.batch_mix, BatchMix::Mixup);
  EXPECT_EQ(allTransforms().back(), TransformKind::Objects);
  EXPECT_EQ(paperTransforms().size(), 8u);
  EXPECT_EQ(presetConfig("all").transforms.size(), 8u);  // the paper's set, unchanged
}
