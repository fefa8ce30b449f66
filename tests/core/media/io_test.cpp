#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "pmg/base/durable_file.h"
#include "pmg/figures/reconstruction_figure.h"
#include "pmg/media/clip_writer.h"
#include "pmg/media/image_io.h"
#include "pmg/media/npy.h"
#include "pmg/media/video_io.h"
#include "pmg/runs/run_dir.h"
#include "test_images.h"

using namespace pmg;
namespace fs = std::filesystem;

TEST(Io, NpyRoundTrip) {
  const auto dir = fs::temp_directory_path() / "pmg_io_npy";
  fs::create_directories(dir);
  std::vector<float> v = {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
  writeNpyF32((dir / "a.npy").string(), v.data(), {2, 3});
  const auto a = readNpy((dir / "a.npy").string());
  EXPECT_EQ(a.dtype, "<f4");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(std::memcmp(a.bytes.data(), v.data(), 24), 0);
  fs::remove_all(dir);
}

TEST(Io, Mp4RoundTripKeepsShapeAndContent) {
  const auto dir = fs::temp_directory_path() / "pmg_io_mp4";
  fs::create_directories(dir);
  Clip clip(8, 64, 64);
  for (int t = 0; t < 8; ++t) pmg::test::texturedImage(64, t).copyTo(clip.frame(t));
  writeClipMp4((dir / "c.mp4").string(), clip);
  ClipSampling s;
  s.frames = 8;
  s.stride = 1;
  s.size = 64;
  s.start = 0;
  const Clip back = readVideoClip((dir / "c.mp4").string(), s);
  EXPECT_EQ(back.frames, 8);
  cv::Mat d;
  cv::absdiff(back.frame(3), clip.frame(3), d);
  EXPECT_LT(cv::mean(d)[0], 20.0);
  fs::remove_all(dir);
}

TEST(Io, CorruptVideoErrorNamesTheFile) {
  const auto path = (fs::temp_directory_path() / "pmg_bad_video.mp4").string();
  { std::ofstream(path) << "garbage"; }
  try {
    readVideoClip(path, ClipSampling{});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
  fs::remove(path);
}

TEST(Io, AtomicWriteReplacesWholeFile) {
  const auto path = (fs::temp_directory_path() / "pmg_atomic.json").string();
  writeFileDurable(path, "first");
  writeFileDurable(path, "second version");
  std::ifstream f(path);
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(s, "second version");
  fs::remove(path);
}

TEST(Io, JsonLinesIgnoreAPartialTrailingLine) {
  const auto path = (fs::temp_directory_path() / "pmg_events.jsonl").string();
  fs::remove(path);
  appendJsonLine(path, {{"step", 1}});
  appendJsonLine(path, {{"step", 2}});
  { std::ofstream(path, std::ios::app) << "{\"step\": 3"; }
  const auto events = readJsonLines(path);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["step"], 2);
  EXPECT_EQ(events[0]["schema"], kEventsSchema);
  fs::remove(path);
}

TEST(Io, FilmstripHasThreeFramesAndGaps) {
  Clip clip(16, 32, 32);
  const cv::Mat strip = filmstrip(clip);
  EXPECT_EQ(strip.cols, 3 * 32 + 2 * 4);
  EXPECT_EQ(strip.rows, 32);
}

TEST(Io, ReconstructionFilesRoundTripForTheScrubber) {
  pmg::ReconstructionPanels p;
  p.original = Clip(4, 32, 32);
  p.reconstruction = Clip(4, 32, 32);
  for (int t = 0; t < 4; ++t) {
    pmg::test::texturedImage(32, t).copyTo(p.original.frame(t));
    pmg::test::texturedImage(32, t + 1).copyTo(p.reconstruction.frame(t));
  }
  for (int s = 0; s < 2; ++s) {
    cv::Mat m = cv::Mat::zeros(4, 4, CV_8U), l = cv::Mat::zeros(4, 4, CV_32F);
    m.at<uint8_t>(1, s) = 1;
    l.at<float>(1, s) = 0.5f + s;
    p.masked.push_back(m);
    p.patch_loss.push_back(l);
  }
  const auto dir = (fs::temp_directory_path() / "pmg_recon_io").string();
  pmg::writeReconstruction(p, dir);
  const auto q = pmg::loadReconstruction(dir);
  EXPECT_EQ(q.original.data, p.original.data);
  EXPECT_EQ(q.reconstruction.data, p.reconstruction.data);
  ASSERT_EQ(q.patch_loss.size(), 2u);
  EXPECT_FLOAT_EQ(q.patch_loss[1].at<float>(1, 1), 1.5f);
  EXPECT_EQ(q.masked[0].at<uint8_t>(1, 0), 1);
  const cv::Mat frame = pmg::reconstructionFrame(q, 3);
  EXPECT_EQ(frame.cols, 4 * 32);
  EXPECT_THROW(pmg::loadReconstruction(dir + "/missing"), std::runtime_error);
  fs::remove_all(dir);
}

TEST(Io, CanonicalSquareCropsAlongTheLongSideForMultiCropTesting) {
  cv::Mat wide(32, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  wide(cv::Rect(32, 0, 32, 32)).setTo(cv::Scalar(255, 255, 255));   // right half white
  EXPECT_EQ(cv::mean(canonicalSquare(wide, 32, -1.0))[0], 0.0);     // left end
  EXPECT_EQ(cv::mean(canonicalSquare(wide, 32, 1.0))[0], 255.0);    // right end
  EXPECT_NEAR(cv::mean(canonicalSquare(wide, 32))[0], 127.5, 1.0);  // centre
  cv::Mat tall;
  cv::transpose(wide, tall);  // bottom half white
  EXPECT_EQ(cv::mean(canonicalSquare(tall, 16, 1.0))[0], 255.0);
}

TEST(Io, CropsFromOneDecodeEqualSeparateReads) {
  const auto dir = fs::temp_directory_path() / "pmg_io_crops";
  fs::create_directories(dir);
  Clip wide(4, 32, 64);
  for (int t = 0; t < 4; ++t) cv::resize(pmg::test::texturedImage(64, t), wide.frame(t), {64, 32});
  const std::string path = (dir / "wide.mp4").string();
  writeClipMp4(path, wide);
  ClipSampling s;
  s.frames = 4;
  s.stride = 1;
  s.size = 32;
  const auto crops = readVideoClipCrops(path, s, {-1.0, 1.0});
  ASSERT_EQ(crops.size(), 2u);
  for (int k = 0; k < 2; ++k) {
    s.crop = k == 0 ? -1.0 : 1.0;
    EXPECT_EQ(crops[size_t(k)].data, readVideoClip(path, s).data) << "crop " << k;
  }
  EXPECT_NE(crops[0].data, crops[1].data);  // the two ends differ
  fs::remove_all(dir);
}
