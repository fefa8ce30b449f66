// Our Hugging Face exports against scripts/hf_reference_check.py, an independent NumPy
// implementation of transformers' VideoMAEForPreTraining / VideoMAEForVideoClassification.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>

#include "evaluate/classifier.h"
#include "pmg/media/npy.h"
#include "pmg/training/formats/hf_export.h"
#include "pmg/training/model/videomae.h"
#include "temp_path.h"

using namespace pmg::training;
namespace fs = std::filesystem;

namespace {

/// Debian's python3 (where apt puts python3-numpy) first, then python3 on PATH; "" if none
/// of them imports NumPy.
std::string pythonWithNumpy() {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    const std::string probe = std::string(python) + " -c 'import numpy' > /dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return python;
  }
  return "";
}

/// Runs the reference check on an export and a fixture folder; true when it reports a match.
bool referenceAgrees(const std::string& hf_dir, const std::string& fixture) {
  const std::string cmd = pythonWithNumpy() + " " + PMG_SCRIPTS_DIR + "/hf_reference_check.py " +
                          hf_dir + " --fixture " + fixture;
  return std::system(cmd.c_str()) == 0;
}

void writeF32(const std::string& path, const torch::Tensor& t) {
  const auto c = t.detach().to(torch::kFloat32).contiguous();
  pmg::writeNpyF32(path, c.data_ptr<float>(), c.sizes().vec());
}

/// A fresh folder under the temp directory.
std::string freshDir(const std::string& name) {
  const auto d = pmg::test::freshTempPath(name);
  fs::create_directories(d);
  return d;
}

/// Moves every parameter away from its init (LayerNorms at 1/0, zero biases), so a mixed-up
/// key (layernorm_before/after, q_bias/v_bias, query/key) changes the output.
void perturb(torch::nn::Module& m, double scale) {
  torch::NoGradGuard g;
  for (auto& p : m.parameters()) p.add_(torch::randn_like(p) * scale);
}

/// HF's pixel_values: ImageNet-normalised (B, T, C, H, W).
torch::Tensor hfPixelValues(const torch::Tensor& video01) {
  return imagenetNormalize(video01).permute({0, 2, 1, 3, 4});
}

}  // namespace

namespace {

/// Without python3 + NumPy the parity check cannot run: a skip on a developer's machine,
/// a failure under CI (CI=true), where scripts/install-deps.sh installs python3-numpy.
void skipOrFailWithoutNumpy() {
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true")
    FAIL()
        << "python3 with NumPy not found under CI: scripts/install-deps.sh installs python3-numpy";
  GTEST_SKIP() << "python3 with NumPy not found";
}

}  // namespace

TEST(HuggingFaceReference, PreTrainingExportComputesOurLogitsAndLossInTransformersLayout) {
  if (pythonWithNumpy().empty()) return skipOrFailWithoutNumpy();
  torch::manual_seed(7);
  VideoMae model(videoMaeConfig("tiny"));
  perturb(*model, 0.05);
  model->eval();
  const auto& c = model->config;
  const auto video01 = torch::rand({2, c.channels, c.frames, c.image_size, c.image_size});
  auto gen = at::detail::createCPUGenerator(1);
  const auto mask = tubeMask(c, 2, 0.75, gen);
  torch::NoGradGuard g;
  const auto logits = model->forward(imagenetNormalize(video01), mask);
  const auto loss = maskedLoss(logits, reconstructionTargets(video01, c, true), mask);

  const std::string hf = freshDir("pmg_hf_ref_pretrain"), fx = freshDir("pmg_hf_ref_fixture");
  exportHuggingFace(model, hf);
  writeF32(fx + "/pixel_values.npy", hfPixelValues(video01));
  const auto mask_u8 = mask.to(torch::kUInt8).contiguous();
  pmg::writeNpyU8(fx + "/bool_masked_pos.npy", mask_u8.data_ptr<uint8_t>(), mask_u8.sizes().vec());
  writeF32(fx + "/logits.npy", logits);
  writeF32(fx + "/loss.npy", loss.reshape({1}));
  EXPECT_TRUE(referenceAgrees(hf, fx));

  // The check is sensitive: one changed tensor in the export makes it fail.
  model->encoder_blocks[0]->as<Block>()->attn->v_bias.add_(0.1);
  exportHuggingFace(model, hf);
  EXPECT_FALSE(referenceAgrees(hf, fx));
}

TEST(HuggingFaceReference, ClassifierExportComputesOurFineTunedLogits) {
  if (pythonWithNumpy().empty()) return skipOrFailWithoutNumpy();
  torch::manual_seed(8);
  VideoMae encoder(videoMaeConfig("tiny"));
  perturb(*encoder, 0.05);
  Classifier classifier(encoder, 5, 50.0);  // a large head, so logits are far from zero
  perturb(*classifier->fc_norm, 0.1);
  classifier->eval();
  const auto& c = encoder->config;
  const auto video01 = torch::rand({3, c.channels, c.frames, c.image_size, c.image_size});
  torch::NoGradGuard g;
  const auto logits = classifier->forward(imagenetNormalize(video01));

  const std::string hf = freshDir("pmg_hf_ref_classifier"), fx = freshDir("pmg_hf_ref_cls_fx");
  exportHuggingFaceClassifier(encoder, classifier->exportableHead(), {"a", "b", "c", "d", "e"}, hf);
  writeF32(fx + "/pixel_values.npy", hfPixelValues(video01));
  writeF32(fx + "/logits.npy", logits);
  EXPECT_TRUE(referenceAgrees(hf, fx));
}
