#!/usr/bin/env python3
"""Baseline for `pmg bench train`: the same VideoMAE training step in PyTorch's
Python API on the same LibTorch (Debian: apt-get install python3-torch).
Usage: bench_train_pytorch.py [tiny|small|base] [batch] [steps] [threads]
pmg tunes glibc's allocator at start-up (mallopt); for a like-for-like comparison give Python
the same settings: MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
(without them Python's step is 2-4x slower on the tiny model, from mmap/munmap churn)."""
import math, statistics, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

SIZES = {  # image, frames, patch, enc dim/depth/heads, dec dim/depth/heads (as training/src/videomae_config.cpp)
    "tiny": (32, 8, 4, 64, 2, 4, 32, 1, 4),
    "small": (224, 16, 16, 384, 12, 6, 192, 4, 3),
    "base": (224, 16, 16, 768, 12, 12, 384, 4, 6),
}

class Attention(nn.Module):
    def __init__(s, d, h):
        super().__init__(); s.h = h
        s.qkv = nn.Linear(d, 3 * d, bias=False); s.proj = nn.Linear(d, d)
        s.q_bias = nn.Parameter(torch.zeros(d)); s.v_bias = nn.Parameter(torch.zeros(d))
    def forward(s, x):
        B, N, C = x.shape
        bias = torch.cat([s.q_bias, torch.zeros_like(s.v_bias), s.v_bias])
        q, k, v = F.linear(x, s.qkv.weight, bias).reshape(B, N, 3, s.h, C // s.h).permute(2, 0, 3, 1, 4)
        a = torch.softmax((q * (C // s.h) ** -0.5) @ k.transpose(-2, -1), -1)
        return s.proj((a @ v).transpose(1, 2).reshape(B, N, C))

class Block(nn.Module):
    def __init__(s, d, h):
        super().__init__()
        s.norm1 = nn.LayerNorm(d, eps=1e-6); s.attn = Attention(d, h); s.norm2 = nn.LayerNorm(d, eps=1e-6)
        s.fc1 = nn.Linear(d, 4 * d); s.fc2 = nn.Linear(4 * d, d)
    def forward(s, x):
        x = x + s.attn(s.norm1(x))
        return x + s.fc2(F.gelu(s.fc1(s.norm2(x))))

def table(n, d):
    pos = torch.arange(n, dtype=torch.float64)[:, None]; i = torch.arange(d, dtype=torch.float64)
    ang = pos / torch.pow(10000.0, 2 * torch.floor(i / 2) / d)
    return torch.where(i % 2 == 0, torch.sin(ang), torch.cos(ang)).float()[None]

class VideoMAE(nn.Module):
    def __init__(s, img, T, p, D, L, H, Dd, Ld, Hd):
        super().__init__()
        s.n = (T // 2) * (img // p) ** 2; s.pv = 3 * 2 * p * p
        s.patch_embed = nn.Conv3d(3, D, (2, p, p), (2, p, p))
        s.register_buffer("pos_enc", table(s.n, D)); s.register_buffer("pos_dec", table(s.n, Dd))
        s.enc = nn.ModuleList([Block(D, H) for _ in range(L)]); s.enc_norm = nn.LayerNorm(D, eps=1e-6)
        s.e2d = nn.Linear(D, Dd, bias=False); s.mask_token = nn.Parameter(torch.zeros(1, 1, Dd))
        s.dec = nn.ModuleList([Block(Dd, Hd) for _ in range(Ld)]); s.dec_norm = nn.LayerNorm(Dd, eps=1e-6)
        s.head = nn.Linear(Dd, s.pv)
    def forward(s, video, mask):
        B = video.shape[0]
        x = s.patch_embed(video).flatten(2).transpose(1, 2) + s.pos_enc
        vis = x[~mask].reshape(B, -1, x.shape[-1])
        for b in s.enc: vis = b(vis)
        vis = s.e2d(s.enc_norm(vis))
        pos = s.pos_dec.expand(B, -1, -1)
        Dd = vis.shape[-1]
        full = torch.cat([vis + pos[~mask].reshape(B, -1, Dd), s.mask_token + pos[mask].reshape(B, -1, Dd)], 1)
        for b in s.dec: full = b(full)
        m = int(mask[0].sum())
        return s.head(s.dec_norm(full[:, -m:]))

def main():
    size = sys.argv[1] if len(sys.argv) > 1 else "tiny"
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads); torch.manual_seed(0)
    img, T, p = SIZES[size][:3]
    model = VideoMAE(*SIZES[size])
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.05)
    per_frame = (img // p) ** 2
    fwd, bwd, op, tot = [], [], [], []
    for step in range(steps + 2):
        t0 = time.perf_counter()
        video = torch.rand(batch, 3, T, img, img)
        masks = []
        for _ in range(batch):
            m = torch.zeros(per_frame, dtype=torch.bool); m[torch.randperm(per_frame)[: int(0.75 * per_frame)]] = True
            masks.append(m.repeat(T // 2))
        mask = torch.stack(masks)
        x = video.reshape(batch, 3, T // 2, 2, img // p, p, img // p, p).permute(0, 2, 4, 6, 3, 5, 7, 1)
        x = x.reshape(batch, -1, 2 * p * p, 3)
        targets = ((x - x.mean(-2, keepdim=True)) / (x.var(-2, unbiased=True, keepdim=True).sqrt() + 1e-6)).flatten(2)
        mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1, 1); std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1, 1)
        t1 = time.perf_counter()
        opt.zero_grad()
        loss = F.mse_loss(model((video - mean) / std, mask), targets[mask].reshape(batch, -1, targets.shape[-1]))
        t2 = time.perf_counter(); loss.backward(); t3 = time.perf_counter(); opt.step(); t4 = time.perf_counter()
        if step >= 2:
            fwd.append(t2 - t1); bwd.append(t3 - t2); op.append(t4 - t3); tot.append(t4 - t0)
    med = lambda v: statistics.median(v) * 1e3
    print(f"PyTorch Python {torch.__version__}: VideoMAE {size}, batch {batch}, {threads} thread(s): "
          f"step {med(tot):.1f} ms (forward {med(fwd):.1f}, backward {med(bwd):.1f}, optimizer {med(op):.1f}), "
          f"{batch / statistics.median(tot):.2f} clips/s")

if __name__ == "__main__":
    main()
