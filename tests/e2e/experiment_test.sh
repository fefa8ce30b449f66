#!/usr/bin/env bash
# End-to-end test of `pmg experiment`: a micro experiment (tiny model, a few steps) runs to
# a complete, consistent report; a second run skips everything; an experiment killed in the
# middle of a pre-training resumes it from its checkpoint; --slurm writes valid arrays.
# No verdict depends on speed: the kill waits for a checkpoint file, then freezes the jobs
# (SIGSTOP) and reads the last step they logged before checking that the pre-training had not
# finished.
set -u
PMG="$1"
WORK="$(mktemp -d)"
trap 'kill -9 -- -$bg 2>/dev/null; rm -rf "$WORK"' EXIT
bg=0
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

# Writes a micro experiment with STEPS pre-training steps to $1.
micro() {
  cat > "$1" <<EOF
{
  "description": "micro",
  "pretrain": {"preset": "tiny-cpu", "set": {"train": {"steps": $2, "batch": 2, "val_clips": 4,
     "val_every": 0, "checkpoint_every": 5, "snapshot_every": 0, "warmup_steps": 1, "threads": 1,
     "sources": [{"spec": "generated@4", "weight": 1}],
     "model_overrides": {"frames": 4, "image_size": 16, "patch": 4, "tubelet": 2}}}},
  "downstream": {"dataset": "motion",
    "motion_dataset": {"classes": 2, "per_class": 6, "test_fraction": 0.34, "size": 16, "frames": 8, "seed": 3},
    "protocols": ["finetune", "probe"], "per_class": [1, 0], "seeds": [0, 1],
    "finetune": {"steps": 2, "batch": 2, "views": 1, "crops": 1, "mixup": 0, "cutmix": 0},
    "probe": {"epochs": 1, "batch": 2, "views": 1, "crops": 1}},
  "axes": [{"name": "transform", "variants": [
     {"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}},
     {"name": "affine", "set": {"train": {"pmg_preset": "affine"}}},
     {"name": "scratch", "scratch": true}]}]
}
EOF
}

# Validation: errors name the key before anything runs.
micro "$WORK/bad.json" 10
sed -i 's/"pmg_preset": "zoom"/"pmg_presett": "zoom"/' "$WORK/bad.json"
"$PMG" experiment run "$WORK/bad.json" --out "$WORK/bad" 2> "$WORK/bad.err"; rc=$?
check "a bad override is refused, naming the cell and the key" "[ $rc -ne 0 ] && grep -q \"cell 'zoom'\" $WORK/bad.err && grep -q pmg_presett $WORK/bad.err && [ ! -d $WORK/bad/cells/zoom/pretrain ]"

# A complete micro experiment.
micro "$WORK/micro.json" 10
"$PMG" experiment run "$WORK/micro.json" --out "$WORK/m" --parallel 2 > /dev/null 2> "$WORK/m.err"; rc=$?
check "the micro experiment finishes" "[ $rc -eq 0 ] && grep -q '27/27 jobs done' $WORK/m.err"
check "each evaluation is an ordinary finetune/probe folder, each pre-training a run dir" \
  "[ -f $WORK/m/cells/zoom/pretrain/config.json ] && [ -f $WORK/m/cells/zoom/pretrain/checkpoints/latest ] && [ -f $WORK/m/cells/affine/probe-k1-s0/results.json ] && [ ! -d $WORK/m/cells/scratch/pretrain ]"
check "results.csv has one row per cell x protocol x K x seed, consistent with the runs" "python3 - $WORK/m <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + '/results.csv')))
assert len(rows) == 3 * 2 * 2 * 2, len(rows)
assert {r['cell'] for r in rows} == {'zoom', 'affine', 'scratch'}
for r in rows:
    res = json.load(open(f\"{d}/cells/{r['cell']}/{r['protocol']}-k{r['per_class']}-s{r['seed']}/results.json\"))
    assert abs(float(r['top1']) - res['top1']) < 1e-6, r
    assert (r['pretrain_val_ratio'] == '') == (r['cell'] == 'scratch'), r
    assert r['cell'] == 'scratch' or int(r['pretrain_steps']) == 10, r
PY"
check "summary.md has a table per protocol with every cell, means over 2 seeds" \
  "grep -q '## Fine-tuning' $WORK/m/summary.md && grep -q '## Linear probe' $WORK/m/summary.md && [ \$(grep -c '^| zoom |' $WORK/m/summary.md) -eq 2 ] && grep -q '(n=2)' $WORK/m/summary.md"
check "figures: top-1 bars, label efficiency, pre-training loss (PNG)" \
  "for f in top1-finetune top1-probe label-efficiency-finetune pretrain-loss; do head -c 8 $WORK/m/figures/\$f.png | grep -q PNG || exit 1; done"
"$PMG" experiment status "$WORK/m" > "$WORK/status.txt"
check "status says all done" "grep -q '27/27 done' $WORK/status.txt"
"$PMG" experiment run "$WORK/micro.json" --out "$WORK/m" > /dev/null 2> "$WORK/again.err"; rc=$?
check "running it again skips every finished run" "[ $rc -eq 0 ] && grep -q '27 already done' $WORK/again.err && ! grep -q started $WORK/again.err"
sed 's/"seeds": \[0, 1\]/"seeds": [0, 1, 2]/' "$WORK/micro.json" > "$WORK/changed.json"
"$PMG" experiment run "$WORK/changed.json" --out "$WORK/m" > /dev/null 2> "$WORK/changed.err"; rc=$?
check "a different experiment in the same folder is refused" "[ $rc -ne 0 ] && grep -q 'different experiment' $WORK/changed.err"
rm -f "$WORK/m/results.csv" "$WORK/m/summary.md"
"$PMG" experiment report "$WORK/m" > /dev/null; rc=$?
check "report rebuilds the table from the runs" "[ $rc -eq 0 ] && [ \$(wc -l < $WORK/m/results.csv) -eq 25 ]"

# --reuse-pretrainings: an experiment that differs downstream (another motion dataset) copies
# the first one's finished pre-training of zoom (same preset, same seed) instead of training it
# again; affine's pre-training differs (12 steps) and is trained.
sed -e 's/"seed": 3}/"seed": 5}/' -e 's/"pmg_preset": "affine"}/"pmg_preset": "affine", "steps": 12}/' \
  "$WORK/micro.json" > "$WORK/reuse.json"
"$PMG" experiment run "$WORK/reuse.json" --out "$WORK/r" --reuse-pretrainings "$WORK/m" > /dev/null 2> "$WORK/r.err"; rc=$?
check "the same pre-training is copied, not trained; the different one is trained" \
  "[ $rc -eq 0 ] && grep -q 'reused cells/zoom/pretrain from $WORK/m/cells/zoom/pretrain' $WORK/r.err && grep -q '1 of 2 pre-trainings reused' $WORK/r.err && ! grep -q 'started cells/zoom/pretrain' $WORK/r.err && grep -q 'started cells/affine/pretrain' $WORK/r.err"
check "the copy is the finished run (checkpoint bytes, events), noted in its log, without the lock" \
  "diff -r -x .lock $WORK/m/cells/zoom/pretrain $WORK/r/cells/zoom/pretrain > /dev/null && grep -q 'reused the finished pre-training' $WORK/r/logs/cells_zoom_pretrain.log && [ ! -e $WORK/r/cells/zoom/pretrain.reusing ]"
check "its evaluations used it: the same pre-training val_ratio in both tables" "python3 - $WORK/m $WORK/r <<'PY'
import csv, sys
def ratios(d, cell):
    return {r['pretrain_val_ratio'] for r in csv.DictReader(open(d + '/results.csv')) if r['cell'] == cell}
m, r = sys.argv[1], sys.argv[2]
assert ratios(m, 'zoom') == ratios(r, 'zoom') and len(ratios(r, 'zoom')) == 1, (ratios(m, 'zoom'), ratios(r, 'zoom'))
assert ratios(m, 'affine') != ratios(r, 'affine')
PY"
"$PMG" experiment run "$WORK/micro.json" --out "$WORK/m" --reuse-pretrainings "$WORK/m" > /dev/null 2> "$WORK/r2.err"; rc=$?
check "an experiment cannot reuse its own directory" "[ $rc -ne 0 ] && grep -q 'own directory' $WORK/r2.err"

# Kill the experiment in the middle of a pre-training, then run it again.
micro "$WORK/long.json" 400
sed -i 's/{"name": "affine".*}},/{"name": "affine", "set": {"train": {"pmg_preset": "affine", "steps": 5}}},/' "$WORK/long.json"
setsid "$PMG" experiment run "$WORK/long.json" --out "$WORK/k" --parallel 1 > /dev/null 2> "$WORK/k1.err" &
bg=$!
for _ in $(seq 1 3000); do [ -f "$WORK/k/cells/zoom/pretrain/checkpoints/latest" ] && break; sleep 0.2; done  # up to 10 min: a bound, not a measure
kill -STOP -- -$bg 2>/dev/null
# The last step the frozen run logged (events are written every step, before checkpoints).
step_at_kill=$(python3 - "$WORK/k/cells/zoom/pretrain/events.jsonl" <<'PY'
import json, sys
steps = [-1]
for line in open(sys.argv[1]):
    try:
        steps.append(json.loads(line)["step"])
    except (ValueError, KeyError):
        pass  # a line being written when the run was frozen
print(max(steps))
PY
)
kill -9 -- -$bg 2>/dev/null; kill -CONT -- -$bg 2>/dev/null; wait $bg 2>/dev/null
check "the pre-training was killed in the middle (after step $step_at_kill of 0..399)" "[ $step_at_kill -ge 4 ] && [ $step_at_kill -lt 399 ]"
"$PMG" experiment status "$WORK/k" > "$WORK/k-status.txt"
check "status shows it interrupted" "grep -q '^interrupted.*cells/zoom/pretrain' $WORK/k-status.txt"
"$PMG" experiment run "$WORK/long.json" --out "$WORK/k" --parallel 2 > /dev/null 2> "$WORK/k2.err"; rc=$?
check "the second run resumes the pre-training and finishes" "[ $rc -eq 0 ] && grep -q 'resuming cells/zoom/pretrain' $WORK/k2.err && grep -q -- '--resume' $WORK/k/logs/cells_zoom_pretrain.log"
check "the resumed run reached 400 steps with one event per step after the checkpoint" "python3 - $WORK/k/cells/zoom/pretrain/events.jsonl <<'PY'
import json, sys
steps = [json.loads(l)['step'] for l in open(sys.argv[1]) if '\"loss\"' in l]
assert steps[-1] == 399, steps[-1]
assert sorted(set(steps)) == list(range(400)), 'steps missing'
PY"

# Only the runner killed (its jobs orphaned), then run again at once: the orphan got SIGTERM
# (PR_SET_PDEATHSIG) and checkpoints; the re-run waits for its lock, resumes, and the run
# logs each step once with the loss curve of an uninterrupted run.
micro "$WORK/orphan.json" 120
python3 - "$WORK/orphan.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e["axes"][0]["variants"] = e["axes"][0]["variants"][:1]  # zoom only
e["downstream"].update(protocols=["probe"], per_class=[0], seeds=[0])
json.dump(e, open(sys.argv[1], "w"))
PY
"$PMG" experiment run "$WORK/orphan.json" --out "$WORK/ref" > /dev/null 2>&1
setsid "$PMG" experiment run "$WORK/orphan.json" --out "$WORK/o" --parallel 1 > /dev/null 2> "$WORK/o1.err" &
bg=$!
for _ in $(seq 1 3000); do [ -f "$WORK/o/cells/zoom/pretrain/checkpoints/latest" ] && break; sleep 0.2; done  # a bound, not a measure
kill -9 $bg; wait $bg 2>/dev/null
"$PMG" experiment run "$WORK/orphan.json" --out "$WORK/o" --parallel 1 > /dev/null 2> "$WORK/o2.err"; rc=$?
check "the orphaned pre-training stopped on its runner's death (SIGTERM, checkpoint)" "grep -q 'stopped at step' $WORK/o/logs/cells_zoom_pretrain.log"
check "the re-run resumed it and finished" "[ $rc -eq 0 ] && grep -q 'resuming cells/zoom/pretrain' $WORK/o2.err"
check "every step logged once; the loss curve equals the uninterrupted run's" "python3 - $WORK/o/cells/zoom/pretrain/events.jsonl $WORK/ref/cells/zoom/pretrain/events.jsonl <<'PY'
import json, sys
def curve(path):
    return [(e['step'], e['loss']) for e in map(json.loads, open(path)) if 'loss' in e]
got, ref = curve(sys.argv[1]), curve(sys.argv[2])
assert [s for s, _ in got] == list(range(120)), [s for s, _ in got]
assert len(ref) == 120
for (s, a), (_, b) in zip(got, ref):
    assert abs(a - b) <= 1e-5 * max(1.0, abs(b)), (s, a, b)
PY"

# --gpus: each job pinned to a GPU and pre-training on cuda. Without a GPU the pre-trainings
# fail: each is reported with its log, the jobs that need it are skipped, the others still run.
micro "$WORK/gpu.json" 5
"$PMG" experiment run "$WORK/gpu.json" --out "$WORK/g" --gpus 0 > /dev/null 2> "$WORK/g.err"; rc=$?
check "--gpus pins each job to its GPU and trains on cuda" "grep -q -- '--device cuda (GPU 0)' $WORK/g/logs/cells_zoom_pretrain.log"
check "a failed job is named with its log; its dependants are skipped, the rest run" "[ $rc -eq 0 ] || { grep -q 'FAILED cells/zoom/pretrain' $WORK/g.err && grep -q 'skipped cells/zoom/finetune-k1-s0' $WORK/g.err && [ -f $WORK/g/cells/scratch/finetune-k1-s0/results.json ]; }"
"$PMG" experiment status "$WORK/g" > "$WORK/g-status.txt"
check "status shows the failure or completion of every job" "[ $rc -eq 0 ] || grep -q '^failed.*cells/zoom/pretrain' $WORK/g-status.txt"

# Slurm: array scripts, parsed and syntax-checked, not submitted.
"$PMG" experiment run "$WORK/micro.json" --out "$WORK/s" --slurm --slurm-partition gpu > "$WORK/slurm.txt" 2>&1; rc=$?
check "--slurm writes scripts and runs nothing" "[ $rc -eq 0 ] && [ -f $WORK/s/slurm/submit.sh ] && [ ! -d $WORK/s/motion ] && [ ! -d $WORK/s/cells/zoom/pretrain ]"
check "the sbatch scripts are valid bash with one array task per job" "python3 - $WORK/s/slurm <<'PY'
import re, subprocess, sys
d = sys.argv[1]
for stage, n in (('pretrain', 3), ('evaluate', 24)):
    text = open(f'{d}/{stage}.sbatch').read()
    lines = text.splitlines()
    assert lines[0] == '#!/bin/bash'
    directives = [l for l in lines if l.startswith('#SBATCH')]
    assert all(re.fullmatch(r'#SBATCH --[a-z-]+=\S+', l) for l in directives), directives
    array = [l for l in directives if l.startswith('#SBATCH --array=')][0]
    assert array == f'#SBATCH --array=0-{n - 1}', array
    assert '#SBATCH --partition=gpu' in directives
    jobs = open(f'{d}/{stage}.jobs').read().split()
    assert len(jobs) == n, (stage, len(jobs))
    subprocess.run(['bash', '-n', f'{d}/{stage}.sbatch'], check=True)
subprocess.run(['bash', '-n', f'{d}/submit.sh'], check=True)
assert 'dependency=afterok' in open(f'{d}/submit.sh').read()
PY"
job=$(sed -n 1p "$WORK/s/slurm/pretrain.jobs")
"$PMG" experiment job "$WORK/s" --id "$job" > /dev/null 2>&1; rc=$?
check "an array task runs its job ($job)" "[ $rc -eq 0 ] && [ -f $WORK/s/motion/classes.txt ]"
exit $fail
