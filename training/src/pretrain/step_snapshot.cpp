#include "pretrain/step_snapshot.h"

#include "pmg/media/npy.h"
#include "pmg/training/model/device.h"
#include "pmg/training/model/reconstruction.h"

namespace pmg::training {

namespace {

/// The reconstruction figure of the first clip (same code path as `pmg reconstruct`)
/// plus its raw input, mask, prediction and targets as .npy for the GUI; with running-cell
/// masking also the decoder's mask (decode_mask.npy: the tokens the loss covered).
void writeSnapshot(const std::string& dir, const torch::Tensor& video, const torch::Tensor& mask,
                   const torch::Tensor& pred, const torch::Tensor& targets, const VideoMaeConfig& c,
                   const torch::Tensor& decode) {
  writeReconstruction(makePanels(video, mask, pred, c, c.norm_pixel_targets, decode), dir);
  auto clip = video[0]
                  .permute({1, 2, 3, 0})
                  .mul(255.0)
                  .round()
                  .clamp(0, 255)
                  .to(torch::kUInt8)
                  .contiguous();
  writeNpyU8(dir + "/input.npy", clip.data_ptr<uint8_t>(), clip.sizes().vec());
  auto m = mask[0].to(torch::kUInt8).contiguous();
  writeNpyU8(dir + "/mask.npy", m.data_ptr<uint8_t>(), m.sizes().vec());
  if (decode.defined()) {
    auto d = decode[0].to(torch::kUInt8).contiguous();
    writeNpyU8(dir + "/decode_mask.npy", d.data_ptr<uint8_t>(), d.sizes().vec());
  }
  auto p = pred[0].detach().to(torch::kFloat32).contiguous();
  writeNpyF32(dir + "/prediction.npy", p.data_ptr<float>(), p.sizes().vec());
  auto t = targets[0].contiguous();
  writeNpyF32(dir + "/targets.npy", t.data_ptr<float>(), t.sizes().vec());
}

}  // namespace

void snapshotStep(const std::string& dir, VideoMae& model, const torch::Tensor& video,
                  const StepMasks& masks, const torch::Tensor& pred, const torch::Tensor& targets,
                  const torch::Device& device, bool bf16) {
  torch::Tensor shown = pred.detach();
  const bool dual = masks.decode.defined();
  if (dual) {
    torch::NoGradGuard no_grad;
    AutocastGuard autocast(device, bf16);
    shown = model->forward(imagenetNormalize(video.narrow(0, 0, 1)), masks.mask.narrow(0, 0, 1));
  }
  writeSnapshot(dir, video.cpu(), masks.mask.cpu(), shown.to(torch::kFloat32).cpu(), targets.cpu(),
                model->config, dual ? masks.decode.cpu() : torch::Tensor());
}

}  // namespace pmg::training
