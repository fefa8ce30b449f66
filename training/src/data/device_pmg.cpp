#include "data/device_pmg.h"

#include <cmath>
#include <cstring>
#include <opencv2/core.hpp>
#include <stdexcept>
#include <string>

namespace pmg::training {

namespace {

namespace F = torch::nn::functional;

/// Rounds to the nearest integer (half up, as the CPU kernels) and clamps to a byte's range.
torch::Tensor toBytes(const torch::Tensor& x) {
  return (x + 0.5).floor_().clamp_(0.0, 255.0);
}

/// Sampling grids (N, H, W, 2) for grid_sample(align_corners = true) from the forward maps
/// (source -> frame pixel coordinates): each output pixel samples the inverse-mapped position;
/// behind the projective horizon it samples far outside (black).
torch::Tensor homographyGrid(const std::vector<cv::Matx33d>& maps, int size,
                             const torch::Device& device) {
  const int64_t n = int64_t(maps.size());
  std::vector<double> values;  // the inverse maps, row-major, one tensor at the end
  values.reserve(size_t(n) * 9);
  for (const auto& map : maps) {
    const cv::Matx33d m = map.inv();
    values.insert(values.end(), m.val, m.val + 9);
  }
  const auto inv = torch::from_blob(values.data(), {n, 3, 3}, torch::kFloat64);
  auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  const auto coord = torch::arange(size, opts);
  const auto ys = coord.view({size, 1}).expand({size, size});
  const auto xs = coord.view({1, size}).expand({size, size});
  const auto pts = torch::stack({xs, ys, torch::ones_like(xs)}, -1).view({1, size * size, 3});
  const auto mapped = torch::matmul(pts, inv.to(opts).transpose(1, 2));  // (N, H*W, 3)
  auto w = mapped.select(2, 2);
  const auto ahead = w > 1e-6;
  w = torch::where(ahead, w, torch::ones_like(w));
  const double scale = 2.0 / double(std::max(1, size - 1));
  auto gx = mapped.select(2, 0) / w * scale - 1.0, gy = mapped.select(2, 1) / w * scale - 1.0;
  gx = torch::where(ahead, gx, torch::full_like(gx, 4.0));
  gy = torch::where(ahead, gy, torch::full_like(gy, 4.0));
  return torch::stack({gx, gy}, -1).view({n, size, size, 2});
}

/// Bilinear warp of (N, 3, H, W) frames along sampling grids, black outside, rounded to bytes.
torch::Tensor warp(const torch::Tensor& frames, const torch::Tensor& grid) {
  return toBytes(F::grid_sample(frames, grid,
                                F::GridSampleFuncOptions()
                                    .mode(torch::kBilinear)
                                    .padding_mode(torch::kZeros)
                                    .align_corners(true)));
}

/// ITU-R 601 luma of (..., 3, H, W) RGB in [0, 1], keeping the channel dimension.
torch::Tensor luma(const torch::Tensor& rgb) {
  return (rgb.select(-3, 0) * 0.299 + rgb.select(-3, 1) * 0.587 + rgb.select(-3, 2) * 0.114)
      .unsqueeze(-3);
}

/// Hue rotation by `turns` of a full turn through HSV (as OpenCV's float RGB<->HSV).
torch::Tensor rotateHue(const torch::Tensor& rgb, double turns) {
  const auto r = rgb.select(-3, 0), g = rgb.select(-3, 1), b = rgb.select(-3, 2);
  const auto v = std::get<0>(rgb.max(-3)), mn = std::get<0>(rgb.min(-3));
  const auto delta = v - mn;
  const auto safe = torch::where(delta > 0, delta, torch::ones_like(delta));
  auto h = torch::where(
      v == r, (g - b) / safe * 60.0,
      torch::where(v == g, (b - r) / safe * 60.0 + 120.0, (r - g) / safe * 60.0 + 240.0));
  h = torch::where(delta > 0, h, torch::zeros_like(h));
  h = torch::remainder(h + turns * 360.0, 360.0);
  const auto s = torch::where(v > 0, delta / torch::where(v > 0, v, torch::ones_like(v)),
                              torch::zeros_like(v));
  // HSV -> RGB: channel k takes v - v*s*max(0, min(k', 4 - k', 1)), k' = (n + h/60) mod 6.
  auto channel = [&](double n) {
    const auto k = torch::remainder(h / 60.0 + n, 6.0);
    const auto f = torch::clamp(torch::min(k, 4.0 - k), 0.0, 1.0);
    return v - v * s * f;
  };
  return torch::stack({channel(5.0), channel(3.0), channel(1.0)}, -3);
}

/// One colour-jitter step on (..., 3, H, W) RGB in [0, 1], in the step's order.
torch::Tensor jitter(torch::Tensor img, const JitterStep& s) {
  for (int op : s.order) {
    switch (op) {
      case 0:
        img = (img * s.brightness).clamp_max(1.0);
        break;
      case 1: {
        const auto mean = luma(img).mean({-3, -2, -1}, /*keepdim=*/true);
        img = (img * s.contrast + mean * (1.0 - s.contrast)).clamp(0.0, 1.0);
        break;
      }
      case 2:
        img = (img * s.saturation + luma(img) * (1.0 - s.saturation)).clamp(0.0, 1.0);
        break;
      case 3:
        if (s.hue != 0.0) img = rotateHue(img, s.hue);
        break;
    }
  }
  return img;
}

torch::Tensor fade(const MotionProgram& p, const torch::Tensor& src) {
  std::vector<torch::Tensor> frames;
  if (p.mode == RecursionMode::Composed || p.reversed) {
    for (int t = 0; t < p.frames; ++t) frames.push_back(toBytes(src * p.alpha[size_t(t)]));
  } else {
    frames.push_back(src);
    for (int t = 1; t < p.frames; ++t) {
      const double prev = p.alpha[size_t(t - 1)];
      frames.push_back(toBytes(frames.back() * (prev > 0 ? p.alpha[size_t(t)] / prev : 0.0)));
    }
  }
  return torch::stack(frames);
}

torch::Tensor colorJitter(const MotionProgram& p, const torch::Tensor& src) {
  std::vector<torch::Tensor> frames = {src};
  torch::Tensor state = src / 255.0;
  for (int t = 1; t < p.frames; ++t) {
    if (p.mode == RecursionMode::Recursive) state = frames.back() / 255.0;
    state = jitter(state, p.jitter);
    frames.push_back(toBytes(state * 255.0));
  }
  return torch::stack(frames);
}

torch::Tensor cutMix(const MotionProgram& p, const torch::Tensor& src, torch::Tensor donor) {
  if (!donor.defined()) donor = src.flip({1, 2});  // rotated by 180 degrees
  const cv::Rect r = p.cutmix_patch;
  const auto patch = donor.slice(1, r.y, r.y + r.height).slice(2, r.x, r.x + r.width);
  auto frames = src.unsqueeze(0).repeat({p.frames, 1, 1, 1});
  for (int t = 0; t < p.frames; ++t) {
    const cv::Point at = p.cutmix_position[size_t(t)];
    frames[t].slice(1, at.y, at.y + r.height).slice(2, at.x, at.x + r.width).copy_(patch);
  }
  return frames;
}

}  // namespace

torch::Tensor rasterizeOnDevice(const std::vector<MotionProgram>& programs,
                                const torch::Tensor& sources, const torch::Tensor& seconds) {
  if (programs.empty()) throw std::invalid_argument("rasterizeOnDevice: no programs");
  const int frames = programs.front().frames, size = programs.front().size;
  if (sources.dim() != 4 || sources.size(0) != int64_t(programs.size()) ||
      sources.size(1) != size || sources.size(2) != size || sources.size(3) != 3)
    throw std::invalid_argument("rasterizeOnDevice: sources must be (B, " + std::to_string(size) +
                                ", " + std::to_string(size) + ", 3), one per program");
  const auto src = sources.permute({0, 3, 1, 2}).to(torch::kFloat32);  // (B, 3, H, W)
  const auto donors =
      seconds.defined() ? seconds.permute({0, 3, 1, 2}).to(torch::kFloat32) : torch::Tensor();
  auto out = torch::empty({int64_t(programs.size()), frames, 3, size, size}, src.options());
  // Frames warped straight from their source: all of them in one grid_sample.
  std::vector<int64_t> direct_clip, direct_frame;
  std::vector<cv::Matx33d> direct_maps;
  std::vector<int64_t> recursive;  // affine / perspective clips that warp their previous frame
  for (size_t b = 0; b < programs.size(); ++b) {
    const MotionProgram& p = programs[b];
    if (p.frames != frames || p.size != size)
      throw std::invalid_argument("rasterizeOnDevice: programs differ in clip shape");
    if (!renderableOnDevice(p.kind))
      throw std::invalid_argument("rasterizeOnDevice: " + transformName(p.kind) +
                                  " is painted on the CPU (the loader finishes those clips)");
    const auto s = src[int64_t(b)];
    switch (p.kind) {
      case TransformKind::Identity:
        out[int64_t(b)].copy_(s.unsqueeze(0).expand({frames, 3, size, size}));
        break;
      case TransformKind::Affine:
      case TransformKind::Perspective:
        if (p.mode == RecursionMode::Recursive) {
          recursive.push_back(int64_t(b));
          out[int64_t(b)][0].copy_(s);
          break;
        }
        [[fallthrough]];
      case TransformKind::SlidingWindow:
      case TransformKind::Zoom:
        for (int t = 0; t < frames; ++t) {
          direct_clip.push_back(int64_t(b));
          direct_frame.push_back(t);
          direct_maps.push_back(p.geometry[size_t(t)]);
        }
        break;
      case TransformKind::Fade:
        out[int64_t(b)].copy_(fade(p, s));
        break;
      case TransformKind::ColorJitter:
        out[int64_t(b)].copy_(colorJitter(p, s));
        break;
      case TransformKind::Objects:  // not renderable on the device (checked above)
        break;
      case TransformKind::CutMix:
        out[int64_t(b)].copy_(
            cutMix(p, s, donors.defined() ? donors[int64_t(b)] : torch::Tensor()));
        break;
    }
  }
  const auto on_device = [&](const std::vector<int64_t>& v) {
    return torch::tensor(v, torch::kLong).to(src.device());
  };
  if (!direct_maps.empty()) {
    const auto clip_index = on_device(direct_clip), frame_index = on_device(direct_frame);
    const auto grid = homographyGrid(direct_maps, size, src.device());
    out.index_put_({clip_index, frame_index}, warp(src.index_select(0, clip_index), grid));
  }
  if (!recursive.empty()) {
    const auto index = on_device(recursive);
    std::vector<cv::Matx33d> steps;
    for (int64_t b : recursive) steps.push_back(programs[size_t(b)].step);
    const auto grid = homographyGrid(steps, size, src.device());  // one step map per clip
    auto frame = src.index_select(0, index);
    for (int t = 1; t < frames; ++t) {
      frame = warp(frame, grid);
      out.select(1, t).index_copy_(0, index, frame);
    }
  }
  return out;
}

torch::Tensor mixupOnDevice(const torch::Tensor& clips, const std::vector<MixRecord>& records) {
  if (int64_t(records.size()) != clips.size(0))
    throw std::invalid_argument("mixupOnDevice: one record per clip");
  std::vector<int64_t> partner(records.size());
  std::vector<float> lambda(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    partner[i] = records[i].partner >= 0 ? records[i].partner : int64_t(i);
    lambda[i] = records[i].partner >= 0 ? float(records[i].lambda) : 1.0f;
  }
  const auto idx = torch::tensor(partner, torch::kLong).to(clips.device());
  const auto lam =
      torch::tensor(lambda, torch::kFloat32).to(clips.device()).view({clips.size(0), 1, 1, 1, 1});
  return toBytes(clips * lam + clips.index_select(0, idx) * (1.0 - lam));
}

torch::Tensor videoMixOnDevice(const torch::Tensor& clips, const std::vector<MixRecord>& records) {
  if (int64_t(records.size()) != clips.size(0))
    throw std::invalid_argument("videoMixOnDevice: one record per clip");
  const auto originals = clips.clone();
  auto out = clips.clone();
  for (size_t i = 0; i < records.size(); ++i) {
    const MixRecord& m = records[i];
    if (m.partner < 0) continue;
    auto box = [&](const torch::Tensor& c) {
      return c.slice(0, m.box_t0, m.box_t0 + m.box_frames)
          .slice(2, m.box_y0, m.box_y0 + m.box_rows)
          .slice(3, m.box_x0, m.box_x0 + m.box_cols);
    };
    box(out[int64_t(i)]).copy_(box(originals[m.partner]));
  }
  return out;
}

torch::Tensor loaderBatchToDevice(const LoaderBatch& batch, const torch::Device& device) {
  const auto& items = batch.items;
  if (items.empty()) throw std::invalid_argument("loaderBatchToDevice: empty batch");
  std::vector<int64_t> pending, finished;
  for (size_t i = 0; i < items.size(); ++i)
    (items[i].pending() ? pending : finished).push_back(int64_t(i));
  int frames = 0, size = 0;
  if (!pending.empty()) {
    frames = items[size_t(pending[0])].program.frames;
    size = items[size_t(pending[0])].program.size;
  } else {
    frames = items[0].clip.frames;
    size = items[0].clip.height;
  }
  const bool pinned = device.is_cuda();
  auto bytes = torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(pinned);
  auto out = torch::empty({int64_t(items.size()), frames, 3, size, size},
                          torch::TensorOptions().dtype(torch::kFloat32).device(device));
  if (!pending.empty()) {
    const int64_t k = int64_t(pending.size());
    auto sources = torch::empty({k, size, size, 3}, bytes);
    auto donors = torch::empty({k, size, size, 3}, bytes);
    std::vector<MotionProgram> programs;
    const size_t image_bytes = size_t(size) * size * 3;
    for (int64_t j = 0; j < k; ++j) {
      const LoaderItem& it = items[size_t(pending[size_t(j)])];
      if (it.source.rows != size || it.source.cols != size || it.source.type() != CV_8UC3 ||
          !it.source.isContinuous())
        throw std::invalid_argument("loaderBatchToDevice: a source is not a canonical square");
      std::memcpy(sources[j].data_ptr<uint8_t>(), it.source.data, image_bytes);
      cv::Mat donor = it.donor;
      if (donor.empty()) cv::rotate(it.source, donor, cv::ROTATE_180);  // as the CPU does
      std::memcpy(donors[j].data_ptr<uint8_t>(), donor.data, image_bytes);
      programs.push_back(it.program);
    }
    auto rendered = rasterizeOnDevice(programs, sources.to(device, /*non_blocking=*/true),
                                      donors.to(device, /*non_blocking=*/true));
    for (int64_t j = 0; j < k; ++j)
      if (items[size_t(pending[size_t(j)])].flip) rendered[j] = rendered[j].flip({-1});
    out.index_copy_(0, torch::tensor(pending, torch::kLong).to(device), rendered);
  }
  if (!finished.empty()) {
    const size_t clip_bytes = items[size_t(finished[0])].clip.data.size();
    auto staged = torch::empty({int64_t(finished.size()), frames, size, size, 3}, bytes);
    for (size_t j = 0; j < finished.size(); ++j) {
      const Clip& c = items[size_t(finished[j])].clip;
      if (c.data.size() != clip_bytes || c.frames != frames || c.height != size)
        throw std::invalid_argument("loaderBatchToDevice: clips of a batch differ in shape");
      std::memcpy(staged[int64_t(j)].data_ptr<uint8_t>(), c.data.data(), clip_bytes);
    }
    const auto clips = staged.to(device, /*non_blocking=*/true).permute({0, 1, 4, 2, 3});
    out.index_copy_(0, torch::tensor(finished, torch::kLong).to(device), clips.to(torch::kFloat32));
  }
  if (!batch.mix.empty() && !batch.mix_applied) {
    if (batch.mix_kind == BatchMix::Mixup) out = mixupOnDevice(out, batch.mix);
    if (batch.mix_kind == BatchMix::VideoMix) out = videoMixOnDevice(out, batch.mix);
  }
  return deviceClipsToModelInput(out);
}

torch::Tensor deviceClipsToModelInput(const torch::Tensor& clips) {
  return clips.permute({0, 2, 1, 3, 4}).div(255.0).contiguous();
}

}  // namespace pmg::training
