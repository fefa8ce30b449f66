#!/usr/bin/env python3
"""Checks a `pmg export-hf` folder against an independent NumPy re-implementation of
Hugging Face transformers' VideoMAEForPreTraining / VideoMAEForVideoClassification.

It reads config.json and model.safetensors the way transformers does (safetensors header,
`__metadata__` format "pt", exact key set and shapes for the architecture in config.json),
runs the forward pass in float64 and, with --fixture, compares logits (and the
pre-training loss, computed with HF's own label code) with the values our LibTorch model
wrote there. Needs only NumPy, so it runs where transformers is not installed.

Usage: hf_reference_check.py HF_DIR [--fixture DIR] [--tolerance 1e-4]
  DIR holds pixel_values.npy (B,T,C,H,W, ImageNet-normalised), logits.npy, and for
  pre-training bool_masked_pos.npy (uint8, B x N) and loss.npy.
Exit status 0 = matches, 1 = mismatch or malformed folder.
"""
import argparse
import json
import math
import struct
import sys

import numpy as np

IMAGENET_MEAN = np.array([0.485, 0.456, 0.406])
IMAGENET_STD = np.array([0.229, 0.224, 0.225])
HF_DEFAULT_LAYERNORM_EPS = 1e-5  # decoder.norm and fc_norm: nn.LayerNorm without eps


def fail(msg):
    print("hf_reference_check: FAIL: " + msg)
    sys.exit(1)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", None)
    if not meta or meta.get("format") != "pt":
        fail(f"{path}: __metadata__ must say format 'pt' (transformers refuses it otherwise)")
    out = {}
    for key, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[begin:end]
        if info["dtype"] == "F32":
            arr = np.frombuffer(raw, "<f4")
        elif info["dtype"] == "BF16":
            arr = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            fail(f"{key}: unsupported dtype {info['dtype']}")
        out[key] = arr.reshape(info["shape"]).astype(np.float64)
    return out


def layer_shapes(prefix, d, inner):
    a = prefix + "attention."
    shapes = {a + f"attention.{n}.weight": (d, d) for n in ("query", "key", "value")}
    shapes.update({a + "attention.q_bias": (d,), a + "attention.v_bias": (d,)})
    shapes.update({a + "output.dense.weight": (d, d), a + "output.dense.bias": (d,)})
    shapes.update({prefix + "intermediate.dense.weight": (inner, d), prefix + "intermediate.dense.bias": (inner,)})
    shapes.update({prefix + "output.dense.weight": (d, inner), prefix + "output.dense.bias": (d,)})
    for n in ("layernorm_before", "layernorm_after"):
        shapes.update({prefix + n + ".weight": (d,), prefix + n + ".bias": (d,)})
    return shapes


def expected_shapes(cfg, classifier):
    d, c, t, p = cfg["hidden_size"], cfg["num_channels"], cfg["tubelet_size"], cfg["patch_size"]
    shapes = {"videomae.embeddings.patch_embeddings.projection.weight": (d, c, t, p, p),
              "videomae.embeddings.patch_embeddings.projection.bias": (d,)}
    for i in range(cfg["num_hidden_layers"]):
        shapes.update(layer_shapes(f"videomae.encoder.layer.{i}.", d, cfg["intermediate_size"]))
    if not cfg["use_mean_pooling"]:
        shapes.update({"videomae.layernorm.weight": (d,), "videomae.layernorm.bias": (d,)})
    if classifier:
        labels = len(cfg["id2label"])
        shapes.update({"fc_norm.weight": (d,), "fc_norm.bias": (d,),
                       "classifier.weight": (labels, d), "classifier.bias": (labels,)})
        return shapes
    dd = cfg["decoder_hidden_size"]
    shapes.update({"encoder_to_decoder.weight": (dd, d), "mask_token": (1, 1, dd)})
    for j in range(cfg["decoder_num_hidden_layers"]):
        shapes.update(layer_shapes(f"decoder.decoder_layers.{j}.", dd, cfg["decoder_intermediate_size"]))
    shapes.update({"decoder.norm.weight": (dd,), "decoder.norm.bias": (dd,),
                   "decoder.head.weight": (c * t * p * p, dd), "decoder.head.bias": (c * t * p * p,)})
    return shapes


def sinusoid_table(n, d):
    j = np.arange(d)
    angle = np.arange(n)[:, None] / np.power(10000, 2 * (j // 2) / d)[None, :]
    return np.where(j % 2 == 0, np.sin(angle), np.cos(angle))


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


ERF = np.vectorize(math.erf)


def layer(x, w, prefix, heads, eps):
    batch, n, d = x.shape
    a = prefix + "attention.attention."
    h = layer_norm(x, w[prefix + "layernorm_before.weight"], w[prefix + "layernorm_before.bias"], eps)
    q = h @ w[a + "query.weight"].T + w[a + "q_bias"]
    k = h @ w[a + "key.weight"].T  # no key bias
    v = h @ w[a + "value.weight"].T + w[a + "v_bias"]
    split = lambda z: z.reshape(batch, n, heads, d // heads).transpose(0, 2, 1, 3)
    scores = split(q) @ split(k).transpose(0, 1, 3, 2) * (d // heads) ** -0.5
    probs = np.exp(scores - scores.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    context = (probs @ split(v)).transpose(0, 2, 1, 3).reshape(batch, n, d)
    x = x + context @ w[prefix + "attention.output.dense.weight"].T + w[prefix + "attention.output.dense.bias"]
    h = layer_norm(x, w[prefix + "layernorm_after.weight"], w[prefix + "layernorm_after.bias"], eps)
    h = h @ w[prefix + "intermediate.dense.weight"].T + w[prefix + "intermediate.dense.bias"]
    h = 0.5 * h * (1.0 + ERF(h / math.sqrt(2.0)))  # "gelu" in transformers is the exact GELU
    return x + h @ w[prefix + "output.dense.weight"].T + w[prefix + "output.dense.bias"]


def encode(cfg, w, pixel_values, masked):
    batch, frames, c, height, width = pixel_values.shape
    t, p, d = cfg["tubelet_size"], cfg["patch_size"], cfg["hidden_size"]
    x = pixel_values.transpose(0, 2, 1, 3, 4)  # (B, C, T, H, W) as the patch embedding permutes
    x = x.reshape(batch, c, frames // t, t, height // p, p, width // p, p)
    x = x.transpose(0, 2, 4, 6, 1, 3, 5, 7).reshape(batch, -1, c * t * p * p)  # Conv3d, stride = kernel
    proj = w["videomae.embeddings.patch_embeddings.projection.weight"].reshape(d, -1)
    x = x @ proj.T + w["videomae.embeddings.patch_embeddings.projection.bias"]
    x = x + sinusoid_table(x.shape[1], d)
    if masked is not None:
        x = x[~masked].reshape(batch, -1, d)
    for i in range(cfg["num_hidden_layers"]):
        x = layer(x, w, f"videomae.encoder.layer.{i}.", cfg["num_attention_heads"], cfg["layer_norm_eps"])
    if not cfg["use_mean_pooling"]:
        x = layer_norm(x, w["videomae.layernorm.weight"], w["videomae.layernorm.bias"], cfg["layer_norm_eps"])
    return x


def pretraining(cfg, w, pixel_values, masked):
    x = encode(cfg, w, pixel_values, masked) @ w["encoder_to_decoder.weight"].T
    batch, _, dd = x.shape
    pos = np.broadcast_to(sinusoid_table(masked.shape[1], dd), (batch, masked.shape[1], dd))
    pos_visible, pos_masked = pos[~masked].reshape(batch, -1, dd), pos[masked].reshape(batch, -1, dd)
    x = np.concatenate([x + pos_visible, w["mask_token"] + pos_masked], 1)
    for j in range(cfg["decoder_num_hidden_layers"]):
        x = layer(x, w, f"decoder.decoder_layers.{j}.", cfg["decoder_num_attention_heads"], cfg["layer_norm_eps"])
    x = layer_norm(x[:, -pos_masked.shape[1]:], w["decoder.norm.weight"], w["decoder.norm.bias"],
                   HF_DEFAULT_LAYERNORM_EPS)
    logits = x @ w["decoder.head.weight"].T + w["decoder.head.bias"]
    return logits, labels(cfg, pixel_values, masked)


def labels(cfg, pixel_values, masked):
    """HF's label code: un-normalise, patchify (t, p, p, C), normalise per tube (unbiased std)."""
    batch, frames, c, height, width = pixel_values.shape
    t, p = cfg["tubelet_size"], cfg["patch_size"]
    x = pixel_values * IMAGENET_STD[None, None, :, None, None] + IMAGENET_MEAN[None, None, :, None, None]
    x = x.reshape(batch, frames // t, t, c, height // p, p, width // p, p).transpose(0, 1, 4, 6, 2, 5, 7, 3)
    x = x.reshape(batch, -1, t * p * p, c)
    if cfg["norm_pix_loss"]:
        x = (x - x.mean(-2, keepdims=True)) / (x.std(-2, ddof=1, keepdims=True) + 1e-6)
    x = x.reshape(batch, x.shape[1], -1)
    return x[masked].reshape(batch, -1, x.shape[-1])


def classification(cfg, w, pixel_values):
    pooled = encode(cfg, w, pixel_values, None).mean(1)
    pooled = layer_norm(pooled, w["fc_norm.weight"], w["fc_norm.bias"], HF_DEFAULT_LAYERNORM_EPS)
    return pooled @ w["classifier.weight"].T + w["classifier.bias"]


def compare(name, ours, theirs, tolerance):
    err = float(np.max(np.abs(np.asarray(ours, np.float64) - theirs)))
    scale = max(1.0, float(np.max(np.abs(theirs))))
    print(f"{name}: max |ours - reference| = {err:.3g} (scale {scale:.3g})")
    if err > tolerance * scale:
        fail(f"{name} differs by {err:.3g} > {tolerance:g} x {scale:.3g}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("hf_dir")
    ap.add_argument("--fixture")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args()
    with open(a.hf_dir + "/config.json") as f:
        cfg = json.load(f)
    arch = cfg["architectures"][0]
    if arch not in ("VideoMAEForPreTraining", "VideoMAEForVideoClassification"):
        fail(f"unknown architecture {arch}")
    classifier = arch == "VideoMAEForVideoClassification"
    w = read_safetensors(a.hf_dir + "/model.safetensors")
    want = expected_shapes(cfg, classifier)
    missing, unexpected = sorted(set(want) - set(w)), sorted(set(w) - set(want))
    if missing or unexpected:
        fail(f"missing keys {missing[:5]}, unexpected keys {unexpected[:5]}")
    for key, shape in want.items():
        if tuple(w[key].shape) != shape:
            fail(f"{key}: shape {tuple(w[key].shape)}, {arch} expects {shape}")
    print(f"{arch}: {len(want)} tensors, key names and shapes as transformers builds them")
    if not a.fixture:
        return
    pixel_values = np.load(a.fixture + "/pixel_values.npy").astype(np.float64)
    if classifier:
        compare("logits", np.load(a.fixture + "/logits.npy"), classification(cfg, w, pixel_values), a.tolerance)
    else:
        masked = np.load(a.fixture + "/bool_masked_pos.npy").astype(bool)
        logits, target = pretraining(cfg, w, pixel_values, masked)
        compare("logits", np.load(a.fixture + "/logits.npy"), logits, a.tolerance)
        compare("loss", np.load(a.fixture + "/loss.npy").reshape(()), np.mean((logits - target) ** 2), a.tolerance)
    print("hf_reference_check: OK")


if __name__ == "__main__":
    main()
