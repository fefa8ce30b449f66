#!/usr/bin/env python3
"""Baseline for `pmg bench pmg`: a straightforward Python/torchvision per-frame PMG
(paper-best set: zoom or affine, recursive), 16x224x224, one thread.
Needs: apt-get install python3-torchvision. Prints clips/s (median of repeats)."""
import random, statistics, time
import torch
import torchvision.transforms.functional as TF

torch.set_num_threads(1)
T, S = 16, 224

def clip_affine(img, rng):
    angle = rng.uniform(-15, 15); tx = round(rng.uniform(-0.01, 0.01) * S); ty = round(rng.uniform(-0.01, 0.01) * S)
    scale = rng.uniform(0.9999, 1.0001); shear = rng.uniform(-1, 1)
    frames = [img]
    for _ in range(T - 1):
        frames.append(TF.affine(frames[-1], angle=angle, translate=[tx, ty], scale=scale, shear=[shear],
                                interpolation=TF.InterpolationMode.BILINEAR))
    return torch.stack(frames)

def clip_zoom(img, rng):
    small, large = rng.uniform(0.2, 0.45), rng.uniform(0.55, 0.95)
    frames = []
    for t in range(T):
        side = int(S * small * (large / small) ** (t / (T - 1)))
        top = (S - side) // 2
        frames.append(TF.resized_crop(img, top, top, side, side, [S, S], antialias=False))
    if rng.random() < 0.5:
        frames.reverse()
    return torch.stack(frames)

def main(clips=32, repeats=5):
    img = (torch.rand(3, 256, 256) * 255).to(torch.uint8)
    img = TF.center_crop(TF.resize(img, [S]), [S]).float() / 255.0
    def one(rng):
        return (clip_zoom if rng.random() < 0.5 else clip_affine)(img, rng)

    def mixed(rng):  # video-level mixup: two clips blended with lambda ~ Beta(1, 1), our default
        lam = rng.betavariate(1.0, 1.0)
        return lam * one(rng) + (1 - lam) * one(rng)

    for name, make in (("paper-best", one), ("paper-best + mixup", mixed)):
        rates = []
        for r in range(repeats):
            rng = random.Random(r)
            t0 = time.perf_counter()
            for i in range(clips):
                make(rng)
            rates.append(clips / (time.perf_counter() - t0))
        print(f"torchvision per-frame PMG ({name}, {T}x{S}x{S}, 1 thread): "
              f"{statistics.median(rates):.1f} clips/s/core")

if __name__ == "__main__":
    main()
