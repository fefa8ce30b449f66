#!/usr/bin/env python3
"""Reference points for VideoMAE's normalized-pixel loss on a folder of clips.

Reads clips written by `pmg generate --format npy` (T x H x W x 3 uint8), draws tube masks
like training does, and reports the mean masked-patch loss, relative to the trivial
predictor (zero normalized target = the per-patch mean), of:
  plane_oracle  the best plane through each masked tube (it sees the answer: a bound on
                what any predictor of a patch's linear gradient can reach)
  inpainting    OpenCV Telea inpainting of the masked pixels, normalized per patch and
                shrunk by the MSE-optimal factor
Usage: mae_loss_baselines.py CLIP_DIR [--patch 8] [--tubelet 2] [--mask-ratio 0.75]
"""
import argparse
import glob

import cv2
import numpy as np


def patches(video, patch, tubelet):
    t, h, w, _ = video.shape
    g, k = h // patch, w // patch
    x = video.reshape(t // tubelet, tubelet, g, patch, k, patch, 3)
    return x.transpose(0, 2, 4, 1, 3, 5, 6).reshape(t // tubelet, g, k, -1, 3)


def normalize(x):
    return (x - x.mean(3, keepdims=True)) / (x.std(3, ddof=1, keepdims=True) + 1e-6)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("clips")
    ap.add_argument("--patch", type=int, default=8)
    ap.add_argument("--tubelet", type=int, default=2)
    ap.add_argument("--mask-ratio", type=float, default=0.75)
    ap.add_argument("--max-clips", type=int, default=200)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    p, tub = a.patch, a.tubelet
    yy, xx = np.meshgrid(np.arange(p) - (p - 1) / 2, np.arange(p) - (p - 1) / 2, indexing="ij")
    plane = np.stack([np.ones(p * p), yy.ravel(), xx.ravel()], 1)
    q, _ = np.linalg.qr(np.concatenate([plane] * tub, 0))  # same plane in every tube frame
    sums = {"trivial": 0.0, "plane_oracle": 0.0}
    inpaint_dot = inpaint_sq = 0.0
    n = 0
    for f in sorted(glob.glob(a.clips + "/*.npy"))[: a.max_clips]:
        video = np.load(f)
        t, h, w, _ = video.shape
        g, k = h // p, w // p
        masked = np.zeros(g * k, bool)
        masked[rng.permutation(g * k)[: int(a.mask_ratio * g * k)]] = True
        masked = masked.reshape(g, k)
        pixel_mask = np.kron(masked, np.ones((p, p))).astype(np.uint8)
        filled = np.stack([cv2.inpaint(video[i], pixel_mask, 5, cv2.INPAINT_TELEA) for i in range(t)])
        z = normalize(patches(video / 255.0, p, tub))[:, masked]  # (T/t, M, values, 3)
        zi = normalize(patches(filled / 255.0, p, tub))[:, masked]
        proj = np.einsum("ik,tmkc->tmic", q, np.einsum("ik,tmic->tmkc", q, z))
        sums["trivial"] += np.sum(z**2)
        sums["plane_oracle"] += np.sum((z - proj) ** 2)
        inpaint_dot += np.sum(z * zi)
        inpaint_sq += np.sum(zi**2)
        n += z.size
    shrink = inpaint_dot / inpaint_sq
    inpaint = sums["trivial"] - 2 * shrink * inpaint_dot + shrink**2 * inpaint_sq
    trivial = sums["trivial"] / n
    print(f"clips: {a.clips}  patch {p}  tubelet {tub}  mask ratio {a.mask_ratio}")
    print(f"trivial       loss {trivial:.3f}  ratio 1.000")
    for name, total in (("plane_oracle", sums["plane_oracle"]), ("inpainting", inpaint)):
        print(f"{name:<13} loss {total / n:.3f}  ratio {total / n / trivial:.3f}")


if __name__ == "__main__":
    main()
