#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <opencv2/imgproc.hpp>

#include "pmg/media/npy.h"
#include "pmg/runs/run_dir.h"
#include "pmg/training/formats/hf_export.h"
#include "pmg/training/formats/safetensors.h"
#include "pmg/training/formats/tfevents.h"
#include "pmg/training/model/videomae_config.h"
#include "pmg/training/pretrain/trainer.h"
#include "synthetic_source.h"
#include "temp_path.h"

using namespace pmg::training;
namespace fs = std::filesystem;

namespace {

using pmg::test::SyntheticSource;

std::string tempRun(const std::string& name) {
  return pmg::test::freshTempPath("pmg_train_" + name);
}

TrainOptions tinyOptions(const std::string& dir) {
  TrainOptions o;
  o.model = "tiny";
  o.steps = 6;
  o.batch = 2;
  o.base_lr = 0.05;
  o.warmup_steps = 2;
  o.threads = 1;
  o.seed = 11;
  o.run_dir = dir;
  return o;
}

std::vector<double> losses(const std::string& dir) {
  std::vector<double> out;
  for (const auto& e : pmg::readJsonLines(dir + "/events.jsonl"))
    out.push_back(e["loss"].get<double>());
  return out;
}

/// Trains `name` straight for 6 steps and again stopped after step 2 then resumed (the options
/// from `options(dir)`), expects the same loss curve, and returns the straight run's directory.
std::string expectResumeReproducesTheStraightRun(
    const std::string& name, const std::function<TrainOptions(const std::string&)>& options) {
  SyntheticSource source;
  const std::string a = tempRun(name), b = tempRun(name + "_resumed");
  train(options(a), source);
  TrainControl control;
  const auto first = train(
      options(b), source, [&control](const nlohmann::json& e) { control.stop = e["step"] == 2; },
      &control);
  EXPECT_TRUE(first.stopped);
  EXPECT_EQ(first.steps, 3);
  const auto second = train(options(b), source, {}, nullptr, /*resume=*/true);
  EXPECT_EQ(second.start_step, 3);
  EXPECT_EQ(second.steps, 6);
  const auto la = losses(a), lb = losses(b);
  EXPECT_EQ(la.size(), 6u);
  EXPECT_EQ(lb.size(), 6u);
  for (size_t i = 0; i < std::min(la.size(), lb.size()); ++i) {
    EXPECT_TRUE(std::isfinite(la[i]));
    EXPECT_DOUBLE_EQ(la[i], lb[i]) << "step " << i;
  }
  EXPECT_FALSE(fs::is_empty(b + "/tb"));
  return a;
}

}  // namespace

TEST(Trainer, ResumeReproducesTheUninterruptedLossCurve) {
  expectResumeReproducesTheStraightRun("straight", tinyOptions);
}

TEST(Trainer, PmgRenderedOnTheDeviceTrainsAndResumesExactly) {
  // --pmg-device device on CPU LibTorch: the loader ships source images, the training device
  // renders them; resume must still reproduce the uninterrupted curve.
  expectResumeReproducesTheStraightRun("device_pmg", [](const std::string& dir) {
    TrainOptions o = tinyOptions(dir);
    o.pmg_device = "device";
    return o;
  });
}

TEST(Trainer, MotionMaskingTrainsResumesExactlyAndSnapshotsTheMaskUsed) {
  const std::string a =
      expectResumeReproducesTheStraightRun("motion_mask", [](const std::string& dir) {
        TrainOptions o = tinyOptions(dir);
        o.mask = "motion";
        o.snapshot_every = 3;
        return o;
      });
  const auto events = pmg::readJsonLines(a + "/events.jsonl");
  EXPECT_EQ(events.front()["mask"], "motion");
  // The snapshot holds the mask the step used (of its first clip): the same count in every
  // slice, and (PMG clips move) not the same tokens in every slice.
  const auto mask = pmg::readNpy(a + "/snapshots/step-3/mask.npy");
  ASSERT_EQ(mask.shape.size(), 1u);
  const auto mc = videoMaeConfig("tiny");
  const int64_t tokens = mask.shape[0], per_slice = mc.tokensPerFrame();
  ASSERT_EQ(tokens, mc.tokens());
  bool moved = false;
  for (int64_t s = 0; s < tokens / per_slice; ++s) {
    int64_t count = 0;
    for (int64_t k = 0; k < per_slice; ++k) {
      const uint8_t v = mask.bytes[size_t(s * per_slice + k)];
      count += v != 0;
      moved |= v != mask.bytes[size_t(k)];
    }
    EXPECT_EQ(count, int64_t(mc.mask_ratio * per_slice)) << "slice " << s;
  }
  EXPECT_TRUE(moved);
  TrainOptions bad = tinyOptions(tempRun("bad_mask"));
  bad.mask = "random";
  EXPECT_THROW(trainOptionsFromJson(toJson(bad)), std::invalid_argument);
}

TEST(Trainer, RunningCellMaskingTrainsResumesExactlyAndSnapshotsBothMasks) {
  const std::string a =
      expectResumeReproducesTheStraightRun("running_cell", [](const std::string& dir) {
        TrainOptions o = tinyOptions(dir);
        o.mask = "running-cell";
        o.snapshot_every = 3;
        return o;
      });
  EXPECT_EQ(pmg::readJsonLines(a + "/events.jsonl").front()["mask"], "running-cell");
  // The snapshot holds the encoder's tube mask and the decoder's mask: decoded tokens are
  // masked ones, half of them (rounded up), and the figure reconstructs every masked token.
  const auto mask = pmg::readNpy(a + "/snapshots/step-3/mask.npy");
  const auto decode = pmg::readNpy(a + "/snapshots/step-3/decode_mask.npy");
  const auto prediction = pmg::readNpy(a + "/snapshots/step-3/prediction.npy");
  ASSERT_EQ(decode.shape, mask.shape);
  int64_t masked = 0, decoded = 0;
  for (size_t i = 0; i < mask.bytes.size(); ++i) {
    masked += mask.bytes[i] != 0;
    decoded += decode.bytes[i] != 0;
    EXPECT_TRUE(!decode.bytes[i] || mask.bytes[i]) << "token " << i;
  }
  EXPECT_EQ(decoded, masked - int64_t(0.5 * double(masked)));
  EXPECT_EQ(prediction.shape[0], masked);
  // The figure's masked grid tells the decoded tokens (1) from the others (2, drawn darker).
  const auto grid = pmg::readNpy(a + "/snapshots/step-3/masked.npy");
  EXPECT_EQ(std::count(grid.bytes.begin(), grid.bytes.end(), uint8_t(1)), decoded);
  EXPECT_EQ(std::count(grid.bytes.begin(), grid.bytes.end(), uint8_t(2)), masked - decoded);
}

TEST(Trainer, PmgOnCudaWithoutAGpuIsAClearError) {
  SyntheticSource source;
  TrainOptions o = tinyOptions(tempRun("pmg_cuda"));
  o.device = "cpu";
  o.pmg_device = "cuda";
  try {
    train(o, source);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("pmg_device 'cuda'"), std::string::npos) << e.what();
  }
  o.pmg_device = "gpu";
  EXPECT_THROW(trainOptionsFromJson(toJson(o)), std::invalid_argument);
}

TEST(Trainer, ResumeWithoutCheckpointIsAClearError) {
  SyntheticSource source;
  try {
    train(tinyOptions(tempRun("nothing")), source, {}, nullptr, true);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no checkpoint"), std::string::npos);
  }
}

TEST(Trainer, NonFiniteLossStopsNamingTheStepAndKeepsTheLastCheckpoint) {
  SyntheticSource source;
  const std::string dir = tempRun("nan");
  TrainOptions o = tinyOptions(dir);
  o.base_lr = 1e35;  // diverges at once
  o.warmup_steps = 0;
  o.steps = 20;
  o.checkpoint_every = 1;
  try {
    train(o, source);
    FAIL() << "expected a non-finite loss";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("non-finite loss at step"), std::string::npos) << e.what();
  }
  ASSERT_TRUE(fs::exists(dir + "/checkpoints/latest"));
  EXPECT_NO_THROW(loadRunModel(dir));  // readable, not half-written
  for (const auto& f : fs::directory_iterator(dir + "/checkpoints"))
    EXPECT_EQ(f.path().string().find(".tmp"), std::string::npos) << f.path();
}

TEST(Trainer, SnapshotOnRequestWritesReconstructionArrays) {
  SyntheticSource source;
  const std::string dir = tempRun("snap");
  TrainOptions o = tinyOptions(dir);
  o.steps = 2;
  TrainControl control;
  control.snapshot = true;
  train(o, source, {}, &control);
  for (const char* f : {"input.npy", "mask.npy", "prediction.npy", "targets.npy", "patch_loss.npy"})
    EXPECT_TRUE(fs::exists(dir + "/snapshots/step-1/" + f)) << f;
}

TEST(Safetensors, RoundTripWithMetadataAndAlignment) {
  const std::string path = (fs::temp_directory_path() / "pmg_test.safetensors").string();
  auto a = torch::randn({3, 5});
  auto b = torch::arange(7, torch::kInt64);
  auto c = torch::randn({2, 2}).to(torch::kBFloat16);
  writeSafetensors(path, {{"a", a}, {"b", b}, {"c", c}});
  std::ifstream f(path, std::ios::binary);
  uint64_t n = 0;
  f.read(reinterpret_cast<char*>(&n), 8);
  EXPECT_EQ(n % 8, 0u);
  std::string header(n, ' ');
  f.read(header.data(), std::streamsize(n));
  EXPECT_EQ(header[0], '{');
  std::map<std::string, std::string> meta;
  auto back = readSafetensors(path, &meta);
  EXPECT_EQ(meta["format"], "pt");
  EXPECT_TRUE(torch::equal(back["a"], a));
  EXPECT_TRUE(torch::equal(back["b"], b));
  EXPECT_TRUE(torch::equal(back["c"], c));
}

TEST(HuggingFace, ExportUsesTransformersKeyNamesAndSplitsQkv) {
  VideoMae model(videoMaeConfig("tiny"));
  const auto sd = huggingFaceStateDict(model);
  std::map<std::string, torch::Tensor> m(sd.begin(), sd.end());
  for (const char* k : {"videomae.embeddings.patch_embeddings.projection.weight",
                        "videomae.encoder.layer.0.attention.attention.query.weight",
                        "videomae.encoder.layer.1.attention.attention.v_bias",
                        "videomae.encoder.layer.0.layernorm_before.weight",
                        "videomae.encoder.layer.0.intermediate.dense.weight",
                        "videomae.layernorm.weight", "encoder_to_decoder.weight", "mask_token",
                        "decoder.decoder_layers.0.attention.output.dense.bias",
                        "decoder.norm.weight", "decoder.head.weight"})
    EXPECT_TRUE(m.count(k)) << k;
  EXPECT_FALSE(m.count("videomae.encoder.layer.0.attention.attention.query.bias"));
  const auto qkv = model->encoder_blocks[0]->as<Block>()->attn->qkv->weight;
  const int64_t d = qkv.size(1);
  EXPECT_TRUE(torch::equal(m["videomae.encoder.layer.0.attention.attention.key.weight"],
                           qkv.narrow(0, d, d)));
  EXPECT_EQ(m["decoder.head.weight"].size(0), videoMaeConfig("tiny").patchValues());
  const std::string dir = (fs::temp_directory_path() / "pmg_hf_export").string();
  exportHuggingFace(model, dir);
  for (const char* f : {"model.safetensors", "config.json", "preprocessor_config.json"})
    EXPECT_TRUE(fs::exists(dir + "/" + f));
  EXPECT_EQ(readSafetensors(dir + "/model.safetensors").size(), sd.size());
}

TEST(HuggingFace, ClassifierExportIsEncoderOnlyWithMeanPoolingHead) {
  VideoMae model(videoMaeConfig("tiny"));
  const int d = model->config.encoder_dim;
  const auto head = freshClassifierHead(d, 3);
  const std::string dir = (fs::temp_directory_path() / "pmg_hf_classifier").string();
  fs::remove_all(dir);
  exportHuggingFaceClassifier(model, head, {"left", "right", "zoom"}, dir);
  const auto t = readSafetensors(dir + "/model.safetensors");
  EXPECT_TRUE(t.count("videomae.encoder.layer.1.attention.attention.query.weight"));
  EXPECT_EQ(t.at("classifier.weight").sizes(), torch::IntArrayRef({3, d}));
  EXPECT_EQ(t.at("fc_norm.bias").sizes(), torch::IntArrayRef({d}));
  EXPECT_LT(t.at("classifier.weight").abs().max().item<double>(), 1e-3);  // init x 0.001
  for (const auto& [key, tensor] : t) {
    EXPECT_EQ(key.find("decoder"), std::string::npos) << key;
    EXPECT_NE(key, "videomae.layernorm.weight");  // HF builds none with mean pooling
    EXPECT_NE(key, "mask_token");
  }
  std::ifstream f(dir + "/config.json");
  const auto config = nlohmann::json::parse(f);
  EXPECT_EQ(config["architectures"][0], "VideoMAEForVideoClassification");
  EXPECT_TRUE(config["use_mean_pooling"].get<bool>());
  EXPECT_EQ(config["id2label"]["2"], "zoom");
  EXPECT_EQ(config["label2id"]["right"], 1);
  EXPECT_THROW(exportHuggingFaceClassifier(model, head, {"only-one"}, dir), std::invalid_argument);
}

TEST(TfEvents, Crc32cTestVectorAndReadableRecords) {
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);
  const std::string dir = (fs::temp_directory_path() / "pmg_tb").string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path;
  {
    TfEventsWriter w(dir);
    w.scalar("loss", 0.5, 1);
    w.scalar("loss", 0.25, 2);
    path = w.path();
  }
  std::ifstream f(path, std::ios::binary);
  int records = 0;
  for (;;) {
    uint64_t len;
    uint32_t len_crc, data_crc;
    if (!f.read(reinterpret_cast<char*>(&len), 8)) break;
    f.read(reinterpret_cast<char*>(&len_crc), 4);
    EXPECT_EQ(len_crc, maskedCrc32c(&len, 8));
    std::string data(len, '\0');
    f.read(data.data(), std::streamsize(len));
    f.read(reinterpret_cast<char*>(&data_crc), 4);
    EXPECT_EQ(data_crc, maskedCrc32c(data.data(), data.size()));
    ++records;
  }
  EXPECT_EQ(records, 3);  // file_version + 2 scalars
}

TEST(HuggingFace, ImportRoundTripsTheExport) {
  torch::manual_seed(4);
  VideoMae model(videoMaeConfig("tiny"));
  const std::string dir = (fs::temp_directory_path() / "pmg_hf_roundtrip").string();
  exportHuggingFace(model, dir);
  VideoMae back = importHuggingFace(dir);
  const auto a = model->named_parameters(), b = back->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  for (const auto& p : a) EXPECT_TRUE(torch::equal(p.value(), b[p.key()])) << p.key();
  EXPECT_THROW(importHuggingFace(dir + "/missing"), std::runtime_error);
}

TEST(VideoMaeSizes, VitBHasAbout94MillionParameters) {
  VideoMae model(videoMaeConfig("base"));
  int64_t n = 0;
  for (const auto& p : model->parameters()) n += p.numel();
  EXPECT_NEAR(double(n) / 1e6, 94.2, 0.5);  // encoder ~86.2 M + decoder ~8.0 M
}

TEST(VideoMae, NormalizedTargetOfAHandComputedTube) {
  VideoMaeConfig c = videoMaeConfig("tiny");
  auto video = torch::zeros({1, 3, c.frames, c.image_size, c.image_size});
  // Tube 0, channel 0 holds 0, 1, 2, ... over its tubelet*p*p values (frame-major, then rows).
  const int tpp = c.tubelet * c.patch * c.patch;
  auto ramp = torch::arange(tpp, torch::kFloat32).reshape({c.tubelet, c.patch, c.patch});
  video[0][0].narrow(0, 0, c.tubelet).narrow(1, 0, c.patch).narrow(2, 0, c.patch).copy_(ramp);
  auto t = reconstructionTargets(video, c, true).view({1, c.tokens(), tpp, 3});
  // mean = (tpp-1)/2, unbiased std = sqrt(tpp*(tpp+1)/12); value 0 -> -mean/std.
  const double mean = (tpp - 1) / 2.0, stddev = std::sqrt(tpp * (tpp + 1) / 12.0);
  EXPECT_NEAR(t[0][0][0][0].item<double>(), -mean / (stddev + 1e-6), 1e-4);
  EXPECT_NEAR(t[0][0][tpp - 1][0].item<double>(), mean / (stddev + 1e-6), 1e-4);
}
