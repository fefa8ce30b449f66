#!/usr/bin/env python3
"""Hostile Hugging Face exports for `pmg import-hf`: each case corrupts a valid export
(config.json or model.safetensors) and asserts that pmg exits 1 with one clear error
line naming the problem: no signal, no C++ stack trace, no success.
Usage: import_fuzz.py PMG VALID_EXPORT_DIR WORK_DIR"""
import json, os, shutil, struct, subprocess, sys

pmg, valid, work = sys.argv[1:4]
cfg0 = json.load(open(os.path.join(valid, "config.json")))
blob0 = open(os.path.join(valid, "model.safetensors"), "rb").read()
n0 = struct.unpack("<Q", blob0[:8])[0]
header0 = json.loads(blob0[8:8 + n0])
data0 = blob0[8 + n0:]


def safetensors(header, data):
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def first_tensor(header):
    return sorted((k for k in header if k != "__metadata__"),
                  key=lambda k: header[k]["data_offsets"][0])


def config_case(name, change, expect):
    cfg = json.loads(json.dumps(cfg0))
    change(cfg)
    return name, json.dumps(cfg).encode(), blob0, expect


def blob_case(name, blob, expect):
    return name, json.dumps(cfg0).encode(), blob, expect


def header_case(name, change, expect, data=None):
    h = json.loads(json.dumps(header0))
    change(h)
    return blob_case(name, safetensors(h, data0 if data is None else data), expect)


names = first_tensor(header0)
a, b = names[0], names[1]


def overlap(h):
    h[b]["data_offsets"] = [h[a]["data_offsets"][0], h[a]["data_offsets"][0] +
                            h[b]["data_offsets"][1] - h[b]["data_offsets"][0]]


def without_tensor(name):
    """A consistent file with one tensor left out (offsets and data repacked)."""
    h, parts, offset = {}, [], 0
    for k in first_tensor(header0):
        if k == name:
            continue
        s, e = header0[k]["data_offsets"]
        h[k] = dict(header0[k], data_offsets=[offset, offset + e - s])
        parts.append(data0[s:e])
        offset += e - s
    h["__metadata__"] = header0.get("__metadata__", {})
    return blob_case("a tensor missing", safetensors(h, b"".join(parts)), "missing " )


def nan_weights():
    h = json.loads(json.dumps(header0))
    k = next(k for k in names if h[k]["dtype"] == "F32" and h[k]["shape"])
    s, e = h[k]["data_offsets"]
    data = bytearray(data0)
    data[s:e] = struct.pack("<f", float("nan")) * ((e - s) // 4)
    return header_case("all-NaN weights", lambda _: None, "NaN or infinite", bytes(data))


def extra_tensor():
    """A consistent file with one tensor the model has no use for."""
    h = json.loads(json.dumps(header0))
    h["extra.weight"] = {"dtype": "F32", "shape": [1], "data_offsets": [len(data0), len(data0) + 4]}
    return blob_case("an extra tensor", safetensors(h, data0 + struct.pack("<f", 1.0)),
                     "does not use: extra.weight")


cases = [
    config_case("hidden_act relu", lambda c: c.update(hidden_act="relu"), 'hidden_act "relu" is not supported'),
    config_case("qkv_bias false", lambda c: c.update(qkv_bias=False), "qkv_bias false is not supported"),
    config_case("model_type bert", lambda c: c.update(model_type="bert"), "is not a VideoMAE model"),
    config_case("a classification architecture", lambda c: c.update(architectures=["VideoMAEForVideoClassification"]), "has no VideoMAEForPreTraining"),
    config_case("image_size 2^32 + 32 (no 32-bit wrap)", lambda c: c.update(image_size=2 ** 32 + 32), "image_size must be between 4 and 1024"),
    config_case("num_frames 16.5", lambda c: c.update(num_frames=16.5), "num_frames must be a whole number"),
    extra_tensor(),
    config_case("num_attention_heads 0", lambda c: c.update(num_attention_heads=0), "num_attention_heads must be between 1 and 64"),
    config_case("decoder_num_attention_heads 0", lambda c: c.update(decoder_num_attention_heads=0), "decoder_num_attention_heads must be between 1 and 64"),
    config_case("num_hidden_layers 1000000", lambda c: c.update(num_hidden_layers=1000000), "num_hidden_layers must be between 1 and 64"),
    config_case("num_hidden_layers 2000", lambda c: c.update(num_hidden_layers=2000), "num_hidden_layers must be between 1 and 64"),
    config_case("num_hidden_layers 0", lambda c: c.update(num_hidden_layers=0), "num_hidden_layers must be between 1 and 64"),
    config_case("num_hidden_layers -3", lambda c: c.update(num_hidden_layers=-3), "num_hidden_layers must be between 1 and 64"),
    config_case("hidden_size huge", lambda c: c.update(hidden_size=10 ** 9), "hidden_size must be between 2 and 4096"),
    config_case("num_frames 0", lambda c: c.update(num_frames=0), "num_frames must be between 1 and 256"),
    config_case("image_size -224", lambda c: c.update(image_size=-224), "image_size must be between 4 and 1024"),
    config_case("num_frames not divisible by tubelet", lambda c: c.update(num_frames=7), "divisible by the tubelet"),
    config_case("heads do not divide hidden size", lambda c: c.update(num_attention_heads=7), "divisible by its heads"),
    config_case("image size not divisible by patch", lambda c: c.update(image_size=33), "divisible by the patch"),
    config_case("hidden_size a string", lambda c: c.update(hidden_size="64"), "hidden_size must be a number"),
    config_case("norm_pix_loss a number", lambda c: c.update(norm_pix_loss=3), "norm_pix_loss must be true or false"),
    ("config.json not JSON", b"{ not json", blob0, "not a JSON object"),
    ("config.json an array", b"[1, 2]", blob0, "not a JSON object"),
    blob_case("empty safetensors", b"", "bad header size"),
    blob_case("header length huge", struct.pack("<Q", 2 ** 60) + blob0[8:], "bad header size"),
    blob_case("truncated data", blob0[:len(blob0) - 100], "outside the"),
    blob_case("trailing bytes", blob0 + b"\0" * 64, "trailing bytes"),
    blob_case("header not JSON", struct.pack("<Q", 16) + b"{ nope nope nope" + data0, "bad safetensors header"),
    header_case("overlapping data_offsets", overlap, "overlaps"),
    header_case("offsets reversed", lambda h: h[a].update(data_offsets=list(reversed(h[a]["data_offsets"]))), "outside the"),
    header_case("negative offset", lambda h: h[a].update(data_offsets=[-8, h[a]["data_offsets"][1]]), "non-negative"),
    header_case("shape does not match bytes", lambda h: h[a].update(shape=[3, 5, 7]), "bytes for a shape and dtype"),
    header_case("negative shape", lambda h: h[a].update(shape=[-1]), "non-negative integers"),
    header_case("huge shape", lambda h: h[a].update(shape=[2 ** 31, 2 ** 31]), "too large"),
    header_case("unknown dtype", lambda h: h[a].update(dtype="Q7"), "unsupported dtype Q7"),
    header_case("offsets missing", lambda h: h[a].pop("data_offsets"), "needs dtype, shape and two data_offsets"),
    without_tensor(a),
    nan_weights(),
]

failures = 0
for i, (name, config, blob, expect) in enumerate(cases):
    d = os.path.join(work, "case%02d" % i)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    open(os.path.join(d, "config.json"), "wb").write(config)
    open(os.path.join(d, "model.safetensors"), "wb").write(blob)
    out = os.path.join(work, "run%02d" % i)
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([pmg, "import-hf", "--hf", d, "--out", out], capture_output=True, text=True,
                       errors="replace", timeout=120)
    err = p.stderr.strip()
    ok = (p.returncode == 1 and err.startswith("pmg: error:") and expect in err and
          "Exception raised from" not in err and "frame #" not in err and len(err.splitlines()) == 1)
    print(("ok   " if ok else "FAIL ") + "%-40s exit %d: %s" % (name, p.returncode, err[:160]))
    failures += not ok
print("%d passed, %d failed" % (len(cases) - failures, failures))
sys.exit(1 if failures else 0)
