#include <gtest/gtest.h>

#include <atomic>
#include <opencv2/imgproc.hpp>

#include "pmg/training/data/clip_loader.h"

using namespace pmg;
using namespace pmg::training;

namespace {

/// Solid-colour images; counts how often it is asked for one.
class CountingSource : public ImageSource {
 public:
  explicit CountingSource(int value, bool broken = false) : value_(value), broken_(broken) {}
  long size() const override { return 4; }
  std::string itemName(long i) const override { return "item" + std::to_string(i); }
  std::string describe() const override { return "counting"; }
  LoadedImage load(long i, Rng&) override {
    ++loads;
    LoadedImage out;
    if (broken_) {
      out.error = "broken on purpose";
      return out;
    }
    out.rgb = cv::Mat(48, 48, CV_8UC3, cv::Scalar(value_, value_ + i, 30));
    cv::circle(out.rgb, cv::Point(10 + int(i) * 5, 20), 6, cv::Scalar(255, 255, 255), -1);
    return out;
  }
  std::atomic<long> loads{0};

 private:
  int value_;
  bool broken_;
};

PmgConfig smallPmg() {
  PmgConfig c = presetConfig("paper-best");
  c.frames = 4;
  c.size = 32;
  return c;
}

}  // namespace

TEST(ClipLoader, BatchesDependOnlyOnSeedAndStep) {
  CountingSource a(40);
  LoaderOptions o;
  o.batch = 3;
  o.workers = 3;
  o.prefetch = 3;
  ClipLoader loader(smallPmg(), {{&a, {}, 1.0, "a"}}, 5, o);
  for (int step = 0; step < 6; ++step) {
    const auto got = loader.next();
    const auto expected = loader.makeBatch(step);
    ASSERT_EQ(got.size(), 3u);
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(got[i].data, expected[i].data) << step << " " << i;
  }
  // Starting at a later step (resume) gives the same batches as reaching it.
  ClipLoader resumed(smallPmg(), {{&a, {}, 1.0, "a"}}, 5, o, 4);
  const auto b4 = resumed.next();
  EXPECT_EQ(b4[0].data, loader.makeBatch(4)[0].data);
}

TEST(ClipLoader, SourcesAreDrawnInProportionToTheirWeights) {
  CountingSource a(40), b(200);
  LoaderOptions o;
  o.batch = 8;
  o.flip = false;
  ClipLoader loader(smallPmg(), {{&a, {}, 3.0, "a"}, {&b, {}, 1.0, "b"}}, 1, o);
  for (int step = 0; step < 60; ++step) loader.next();
  const double share = double(a.loads) / double(a.loads + b.loads);
  EXPECT_NEAR(share, 0.75, 0.06) << a.loads << " vs " << b.loads;
}

TEST(ClipLoader, FlipMirrorsSomeClips) {
  CountingSource a(40);
  LoaderOptions with, without;
  with.batch = without.batch = 16;
  without.flip = false;
  PmgConfig c = presetConfig("identity");
  c.frames = 2;
  c.size = 32;
  ClipLoader fl(c, {{&a, {}, 1.0, "a"}}, 3, with), plain(c, {{&a, {}, 1.0, "a"}}, 3, without);
  const auto x = fl.makeBatch(0), y = plain.makeBatch(0);
  int mirrored = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    cv::Mat back;
    cv::flip(x[i].frame(0), back, 1);
    if (x[i].data != y[i].data) {
      EXPECT_EQ(cv::norm(back, y[i].frame(0), cv::NORM_INF), 0.0);
      ++mirrored;
    }
  }
  EXPECT_GT(mirrored, 2);
  EXPECT_LT(mirrored, 14);
}

TEST(ClipLoader, AnAlwaysFailingSourceIsReportedByName) {
  CountingSource broken(0, true);
  LoaderOptions o;
  o.batch = 2;
  ClipLoader loader(smallPmg(), {{&broken, {}, 1.0, "my-broken-folder"}}, 1, o);
  try {
    loader.next();
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("my-broken-folder"), std::string::npos) << e.what();
  }
}
