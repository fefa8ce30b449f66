// `pmg bench train`: training-step throughput of a VideoMAE size, split into data,
// forward, backward and optimizer time, with peak memory and model FLOPs. Torch-free header.
#pragma once
#include <string>

#include "pmg/image_source.h"
#include "pmg/training/videomae_config.h"

namespace pmg::training {

/// Model FLOPs of one training step for one clip (2 FLOPs per multiply-add, backward
/// = 2x forward): patch embedding on all tokens, encoder on visible tokens, decoder on
/// all tokens, head on masked tokens. ViT-B, 16x224x224, mask 0.75: about 345 GFLOP.
double trainingFlopsPerClip(const VideoMaeConfig& config);

/// Median timings of the measured steps (seconds) and derived figures.
struct TrainBenchResult {
  double data_s = 0, forward_s = 0, backward_s = 0, optimizer_s = 0, step_s = 0;
  double clips_per_s = 0, achieved_tflops = 0;
  double peak_rss_mb = 0;
  int threads = 1;
};

/// Runs `warmup` + `steps` steps of batch `batch`; clips come from PMG over `source`
/// when given, else from random tensors (compute only).
TrainBenchResult benchTrain(const std::string& model_size, int batch, int steps, int warmup,
                            int threads, ImageSource* source);

}  // namespace pmg::training
