#!/usr/bin/env python3
"""Runs the pinned `pmg train` commands of golden_loss_curves.json and compares each step's loss
with the pinned curve (relative tolerance rel_tol). Usage: golden_loss_curve_test.py PMG"""
import json
import os
import subprocess
import sys
import tempfile

pmg = sys.argv[1]
pinned = json.load(open(os.path.join(os.path.dirname(__file__), "golden_loss_curves.json")))
failed = 0
with tempfile.TemporaryDirectory() as work:
    for i, (name, run) in enumerate(pinned["runs"].items()):
        out = os.path.join(work, "run%d" % i)
        cmd = [pmg, "train"] + pinned["common"] + run["args"] + ["--out", out]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            print("FAIL %s: exit %d\n%s" % (name, result.returncode, result.stderr[-2000:]))
            failed += 1
            continue
        events = [json.loads(line) for line in open(os.path.join(out, "events.jsonl"))]
        loss = [e["loss"] for e in events if "loss" in e]
        bad = [(step, got, want) for step, (got, want) in enumerate(zip(loss, run["loss"]))
               if abs(got - want) > pinned["rel_tol"] * abs(want)]
        if len(loss) != len(run["loss"]) or bad:
            print("FAIL %s: %d steps (pinned %d); first differences (step, got, pinned): %s"
                  % (name, len(loss), len(run["loss"]), bad[:3]))
            failed += 1
        else:
            print("ok   %s: %d steps within %g of the pinned curve" % (name, len(loss), pinned["rel_tol"]))
sys.exit(1 if failed else 0)
