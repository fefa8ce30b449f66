// `pmg bench train`: training-step throughput of a VideoMAE size, split into data,
// forward, backward and optimizer time, with peak memory and model FLOPs. Torch-free header.
#pragma once
#include <string>

#include "pmg/media/image_source.h"
#include "pmg/training/model/videomae_config.h"

namespace pmg::training {

/// Model FLOPs of one training step for one clip (2 FLOPs per multiply-add, backward
/// = 2x forward): patch embedding on all tokens, encoder on visible tokens, decoder on
/// all tokens, head on masked tokens. ViT-B, 16x224x224, mask 0.75: about 345 GFLOP.
double trainingFlopsPerClip(const VideoMaeConfig& config);

/// What to measure.
struct TrainBenchOptions {
  VideoMaeConfig model = videoMaeConfig("tiny");
  int batch = 8, steps = 10, warmup = 2, threads = 0;
  std::string device = "auto";  ///< cpu | cuda | cuda:N | auto
  bool bf16 = true;             ///< bf16 autocast on CUDA
  double peak_tflops = 0;       ///< the device's dense peak, for MFU; 0 = from its name
};

/// Median timings of the measured steps (seconds) and derived figures.
struct TrainBenchResult {
  double data_s = 0, forward_s = 0, backward_s = 0, optimizer_s = 0, step_s = 0;
  double clips_per_s = 0, achieved_tflops = 0;
  double peak_memory_mb = 0;  ///< CUDA allocator peak on GPU, process peak RSS on CPU
  double mfu = 0;             ///< achieved / peak TFLOP/s (0 when the peak is unknown)
  int threads = 1;
  std::string device;  ///< e.g. "cpu" or "cuda:0 (NVIDIA H100 80GB HBM3)"
};

/// Dense bf16 peak TFLOP/s of a GPU by name (H100/H200 989, A100 312, ...); 0 if unknown.
double gpuPeakTflops(const std::string& gpu_name);

/// Runs warmup + steps steps; clips come from PMG over `source` when given, else from
/// random tensors (compute only). On CUDA each phase is timed after a synchronize.
TrainBenchResult benchTrain(const TrainBenchOptions& options, ImageSource* source);

}  // namespace pmg::training
