// PmgPreview logic (Qt-free): mixing with a partner, compare view, filmstrip.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "source/pmg_preview.h"

using namespace pmg;

namespace {

cv::Mat image(int variant) {
  cv::Mat img(128, 128, CV_8UC3);
  for (int y = 0; y < 128; ++y)
    for (int x = 0; x < 128; ++x)
      img.at<cv::Vec3b>(y, x) =
          cv::Vec3b(uchar(x * 2 + variant * 90), uchar(y * 2), uchar((x + y) * (variant + 1)));
  return img;
}

PmgConfig zoomConfig(BatchMix mix) {
  PmgConfig c = presetConfig("zoom");
  c.size = 64;
  c.frames = 8;
  c.batch_mix = mix;
  return c;
}

}  // namespace

TEST(PmgPreview, MixupBlendsTheClipWithThePartnersClip) {
  gui::PmgPreview p;
  p.setSource(image(0), "a");
  p.setConfig(zoomConfig(BatchMix::None));
  const auto plain = p.clip().clip.data;
  EXPECT_DOUBLE_EQ(p.mixLambda(), 1.0);
  p.setConfig(zoomConfig(BatchMix::Mixup));
  EXPECT_EQ(p.clip().clip.data, plain);  // no partner yet: nothing to mix
  p.setSecondSource(image(1), "b");
  EXPECT_EQ(p.secondSourceLabel(), "b");
  EXPECT_GT(p.mixLambda(), 0.0);
  EXPECT_LT(p.mixLambda(), 1.0);
  EXPECT_NE(p.clip().clip.data, plain);
  // The mix is lambda * clip + (1 - lambda) * partner's clip, pixel by pixel.
  gui::PmgPreview partner;
  partner.setSource(image(1), "b");
  partner.setConfig(zoomConfig(BatchMix::None));
  const auto& mixed = p.clip().clip.data;
  const double l = p.mixLambda();
  const auto partner_clip =
      generateClipFromImage(zoomConfig(BatchMix::None), image(1), p.seed(), 1);
  for (size_t i = 0; i < mixed.size(); i += 997)
    EXPECT_NEAR(mixed[i], l * plain[i] + (1 - l) * partner_clip.clip.data[i], 0.51) << i;
}

TEST(PmgPreview, VideoMixPastesABoxOfThePartner) {
  gui::PmgPreview p;
  p.setSource(image(0), "a");
  p.setConfig(zoomConfig(BatchMix::None));
  const auto plain = p.clip().clip.data;
  p.setSecondSource(image(1), "b");
  p.setConfig(zoomConfig(BatchMix::VideoMix));
  size_t changed = 0;
  for (size_t i = 0; i < plain.size(); ++i) changed += plain[i] != p.clip().clip.data[i];
  const double fraction = double(changed) / double(plain.size());
  EXPECT_GT(fraction, 0.0);
  EXPECT_LE(fraction, 1.0 - p.mixLambda() + 1e-9);  // at most the box's volume
}

TEST(PmgPreview, CompareShowsThePinnedClipBesideTheCurrentOne) {
  gui::PmgPreview p;
  p.setSource(image(0), "a");
  p.setConfig(zoomConfig(BatchMix::None));
  EXPECT_EQ(p.displayFrame(3).cols, 64);
  p.pinCompare();
  const cv::Mat pinned = p.clip().clip.frame(3).clone();
  p.setSeed(p.seed() + 1);
  const cv::Mat side = p.displayFrame(3);
  ASSERT_EQ(side.cols, 64 * 2 + 6);
  EXPECT_EQ(cv::norm(side(cv::Rect(0, 0, 64, 64)), pinned, cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(side(cv::Rect(70, 0, 64, 64)), p.clip().clip.frame(3), cv::NORM_INF), 0.0);
  p.clearCompare();
  EXPECT_EQ(p.displayFrame(3).cols, 64);
}

TEST(PmgPreview, FilmstripHoldsEveryFrameInOrder) {
  gui::PmgPreview p;
  p.setSource(image(0), "a");
  p.setConfig(zoomConfig(BatchMix::None));
  const cv::Mat strip = p.filmstrip(32);
  ASSERT_EQ(strip.rows, 32);
  ASSERT_EQ(strip.cols, 32 * 8);
  cv::Mat last;
  cv::resize(p.clip().clip.frame(7), last, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
  EXPECT_EQ(cv::norm(strip(cv::Rect(7 * 32, 0, 32, 32)), last, cv::NORM_INF), 0.0);
}

TEST(PmgPreview, TheFlowOverlayColoursMovingContentAndFollowsTheClip) {
  gui::PmgPreview p;
  p.setSource(image(0), "a");
  PmgConfig c = presetConfig("objects");
  c.size = 64;
  c.frames = 6;
  c.params.objects.background = ObjectBackground::Black;
  p.setConfig(c);
  const cv::Mat plain = p.displayFrame(2).clone();
  p.show_flow = true;
  p.regenerate();  // the panel regenerates when the box is ticked
  const cv::Mat overlay = p.displayFrame(2).clone();
  ASSERT_EQ(overlay.size(), plain.size());
  cv::Mat diff;
  cv::absdiff(overlay, plain, diff);
  EXPECT_GT(cv::countNonZero(diff.reshape(1)), 0);
  // The still black background has zero flow: the wheel's centre is white, so it brightens.
  EXPECT_GT(cv::mean(overlay)[0] + cv::mean(overlay)[1] + cv::mean(overlay)[2],
            cv::mean(plain)[0] + cv::mean(plain)[1] + cv::mean(plain)[2]);
  p.show_flow = false;
  cv::absdiff(p.displayFrame(2), plain, diff);
  EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0);
}
