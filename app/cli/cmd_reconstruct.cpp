// `pmg reconstruct`: original / masked / reconstruction / per-patch loss heatmap for
// every frame of a clip (a video file, an image through PMG, or a run snapshot).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "pmg/media/image_io.h"
#include "pmg/media/npy.h"
#include "pmg/media/video_io.h"
#include "pmg/motion/clip_generator.h"
#include "pmg/runs/run_guard.h"
#include "pmg/training/evaluate/reconstruct_run.h"
#include "validators.h"

namespace pmg::cli {

namespace {

struct ReconstructOptions {
  std::string run, checkpoint, input, transform = "paper-best", out;
  double mask_ratio = 0.75;
  uint64_t seed = 0;
  int stride = 4;
};

Clip loadInput(const ReconstructOptions& o, int frames, int size) {
  namespace fs = std::filesystem;
  if (fs::is_directory(o.input) && fs::exists(o.input + "/input.npy")) {  // a training snapshot
    const NpyArray a = readNpy(o.input + "/input.npy");
    if (a.dtype != "|u1" || a.shape.size() != 4)
      throw std::runtime_error(o.input + "/input.npy: expected uint8 T,H,W,3");
    Clip c(int(a.shape[0]), int(a.shape[1]), int(a.shape[2]));
    c.data = a.bytes;
    return c;
  }
  if (hasVideoExtension(o.input)) {
    ClipSampling s;
    s.frames = frames;
    s.stride = o.stride;
    s.size = size;
    return readVideoClip(o.input, s);
  }
  const LoadedImage img = loadImageRgb(o.input);
  if (!img.ok()) throw std::runtime_error(o.input + ": " + img.error);
  PmgConfig c = presetConfig(o.transform);
  c.frames = frames;
  c.size = size;
  return generateClipFromImage(c, img.rgb, o.seed, 0).clip;
}

/// Where the reconstruction goes: --out, or RUN/reconstructions/INPUT-NAME. Inside the run
/// only RUN/reconstructions/ is written; elsewhere another run is refused.
std::string reconstructionFolder(const ReconstructOptions& o) {
  namespace fs = std::filesystem;
  if (o.out.empty())
    return o.run + "/reconstructions/" + fs::path(o.input).lexically_normal().stem().string();
  std::error_code ec;
  const fs::path run = fs::weakly_canonical(o.run, ec), out = fs::weakly_canonical(o.out, ec);
  const auto inside = out.lexically_relative(run);
  if (!inside.empty() && *inside.begin() != "..") {
    if (*inside.begin() != "reconstructions" || inside == "reconstructions")
      throw RunDirError("reconstruct: --out " + o.out + " is inside the run " + o.run +
                        " but not under its reconstructions/ folder; leave --out out to write "
                        "there, or choose a folder outside the run");
    return o.out;
  }
  refuseRunDir(o.out, "reconstruct");
  return o.out;
}

int runReconstruct(const ReconstructOptions& o) {
  std::ifstream f(o.run + "/config.json");
  if (!f) throw std::runtime_error("not a run directory: cannot read " + o.run + "/config.json");
  const auto model = nlohmann::json::parse(f).at("model");
  const Clip clip = loadInput(o, model.value("frames", 16), model.value("image_size", 224));
  const std::string out = reconstructionFolder(o);
  const auto s = training::reconstructWithRun(o.run, o.checkpoint, clip, o.mask_ratio, o.seed, out);
  std::cout << "reconstruction of " << o.input << ": mean masked-patch loss " << s.mean_loss
            << "; figure " << s.figure << ", video " << out
            << "/reconstruction.mp4, arrays patch_loss.npy and reconstruction.npy\n";
  return 0;
}

}  // namespace

void registerReconstruct(CLI::App& app, Action& action) {
  auto o = std::make_shared<ReconstructOptions>();
  auto* cmd = app.add_subcommand(
      "reconstruct", "Reconstructions and per-frame loss heatmaps of a pre-trained run");
  cmd->add_option("--run", o->run, "Run directory (pmg train --out)")->required();
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint file (default: the run's latest)");
  cmd->add_option("--input", o->input, "Video file, image (animated by PMG) or run snapshot folder")
      ->required();
  cmd->add_option("--transform", o->transform, "PMG preset for an image input")
      ->capture_default_str();
  cmd->add_option("--mask-ratio", o->mask_ratio, "Tube mask ratio")
      ->capture_default_str()
      ->check(between(0.01, 0.99));
  cmd->add_option("--seed", o->seed, "Mask / PMG seed")->capture_default_str();
  cmd->add_option("--stride", o->stride, "Frame stride for video input")
      ->capture_default_str()
      ->check(between(1, 1000));
  cmd->add_option("--out", o->out,
                  "Output folder (default: RUN/reconstructions/INPUT-NAME; inside the run only "
                  "under reconstructions/)");
  cmd->callback([&action, o] { action = [o] { return runReconstruct(*o); }; });
}

}  // namespace pmg::cli
