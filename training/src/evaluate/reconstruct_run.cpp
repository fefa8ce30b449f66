#include "pmg/training/evaluate/reconstruct_run.h"

#include <opencv2/imgproc.hpp>

#include "pmg/training/formats/hf_export.h"
#include "pmg/training/model/reconstruction.h"

namespace pmg::training {

namespace {

/// Samples `frames` frames evenly and resizes each to size x size.
Clip fitClip(const Clip& in, int frames, int size) {
  Clip out(frames, size, size);
  for (int t = 0; t < frames; ++t) {
    const int src = frames == 1 ? 0 : int(std::lround(double(t) * (in.frames - 1) / (frames - 1)));
    cv::Mat dst = out.frame(t);
    cv::resize(in.frame(src), dst, cv::Size(size, size), 0, 0, cv::INTER_AREA);
  }
  return out;
}

}  // namespace

ReconstructSummary reconstructWithRun(const std::string& run_dir, const std::string& checkpoint,
                                      const Clip& clip, double mask_ratio, uint64_t seed,
                                      const std::string& out_dir) {
  VideoMae model = loadRunModel(run_dir, checkpoint);
  model->eval();
  VideoMaeConfig c = model->config;
  c.mask_ratio = mask_ratio;
  validate(c);
  Clip fitted = clip.frames == c.frames && clip.height == c.image_size && clip.width == c.image_size
                    ? clip
                    : fitClip(clip, c.frames, c.image_size);
  auto video = torch::from_blob(fitted.data.data(), {1, c.frames, c.image_size, c.image_size, 3},
                                torch::kUInt8)
                   .permute({0, 4, 1, 2, 3})
                   .to(torch::kFloat32)
                   .div(255.0);
  auto gen = at::detail::createCPUGenerator(seed);
  auto mask = tubeMask(c, 1, mask_ratio, gen);
  torch::NoGradGuard no_grad;
  auto pred = model->forward(imagenetNormalize(video), mask);
  const auto panels = makePanels(video, mask, pred, c, c.norm_pixel_targets);
  writeReconstruction(panels, out_dir);
  ReconstructSummary s;
  s.mean_loss =
      maskedLoss(pred, reconstructionTargets(video, c, c.norm_pixel_targets), mask).item<double>();
  s.figure = out_dir + "/figure.png";
  return s;
}

}  // namespace pmg::training
