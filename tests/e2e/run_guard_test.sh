#!/usr/bin/env bash
# End-to-end test of what may write into a run directory, and of inputs that used to hang,
# exhaust memory or be silently changed (issues 25 and 28). One line per case: the exit code
# and the message are checked, and what would have been lost is checked to be intact.
# No verdict depends on speed: concurrent writers are ordered through the lock and the
# heartbeat file, never through sleeps.
set -u
PMG="$1"
WORK="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
# Runs pmg with stderr to $WORK/$1.err; sets rc.
run() {
  local name="$1"
  shift
  timeout 300 "$PMG" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
  rc=$?
}
# Waits (bounded, not measured) until file $1 exists.
wait_for() { for _ in $(seq 1 3000); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }
tiny=(--model tiny --batch 2 --threads 1 --no-stdin --val-clips 0)

run train train "${tiny[@]}" --steps 3 --checkpoint-every 1 --out "$WORK/run"
check "a tiny run to guard" "[ $rc -eq 0 ] && [ -f $WORK/run/checkpoints/latest ]"
events=$(wc -l < "$WORK/run/events.jsonl")
intact() { grep -q '"train"' "$WORK/run/config.json" && [ "$(wc -l < "$WORK/run/events.jsonl")" -eq "$events" ]; }

# 1. Every writing command refuses a run directory, naming what would be lost.
run exp export-hf --run "$WORK/run" --out "$WORK/run"
check "export-hf --out RUN is refused; the training config is intact" "[ $rc -eq 1 ] && grep -q 'export-hf: .* already holds a run (config.json, checkpoints/' $WORK/exp.err && intact"
run gen generate --count 1 --frames 4 --size 32 --format npy --out "$WORK/run"
check "generate --out RUN is refused" "[ $rc -eq 1 ] && grep -q 'pmg generate: .*events.jsonl' $WORK/gen.err && intact && [ ! -f $WORK/run/clip_000000.npy ]"
run ren render --source library --count 1 --size 32 --out "$WORK/run"
check "render --out RUN is refused" "[ $rc -eq 1 ] && grep -q 'pmg render: .*already holds a run' $WORK/ren.err && ! ls $WORK/run | grep -q manifest"
run sta stats --source library --count 1 --frames 4 --size 32 --no-diversity --out "$WORK/run"
check "stats --out RUN is refused" "[ $rc -eq 1 ] && grep -q 'pmg stats: .*already holds a run' $WORK/sta.err && [ ! -f $WORK/run/stats.json ]"
"$PMG" make-motion-dataset --out "$WORK/motion" --classes 2 --per-class 2 --frames 4 --size 16 > /dev/null 2>&1
run ft finetune --run "$WORK/run" --dataset "$WORK/motion" --steps 1 --batch 2 --threads 1 --out "$WORK/run"
check "finetune --out RUN is refused; events.jsonl gets no line" "[ $rc -eq 1 ] && grep -q 'pmg finetune: .*already holds a run' $WORK/ft.err && intact"
run ft1 finetune --run "$WORK/run" --dataset "$WORK/motion" --steps 1 --batch 2 --threads 1 --views 1 --crops 1 --out "$WORK/ft"
run ft2 finetune --run "$WORK/run" --dataset "$WORK/motion" --steps 1 --batch 2 --threads 1 --views 1 --crops 1 --out "$WORK/ft"
check "finetune into earlier results is refused, naming --overwrite" "[ $rc -eq 1 ] && grep -q -- '--overwrite' $WORK/ft2.err"
run ft3 finetune --run "$WORK/run" --dataset "$WORK/motion" --steps 1 --batch 2 --threads 1 --views 1 --crops 1 --out "$WORK/ft" --overwrite
check "finetune --overwrite moves the earlier results aside" "[ $rc -eq 0 ] && grep -q 'moved to' $WORK/ft3.err && ls -d $WORK/ft.replaced-*/results.json > /dev/null"
run xr experiment run /dev/null --out "$WORK/run"
check "experiment run --out RUN is refused" "[ $rc -ne 0 ] && grep -q 'pmg experiment run: .*already holds a run' $WORK/xr.err && intact"
"$PMG" generate --count 1 --frames 8 --size 32 --format mp4 --out "$WORK/vid" > /dev/null 2>&1
run rec reconstruct --run "$WORK/run" --input "$WORK/vid/clip_000000.mp4"
check "reconstruct writes under RUN/reconstructions/ by default" "[ $rc -eq 0 ] && [ -s $WORK/run/reconstructions/clip_000000/figure.png ] && intact"
run rec2 reconstruct --run "$WORK/run" --input "$WORK/vid/clip_000000.mp4" --out "$WORK/run/checkpoints"
check "reconstruct elsewhere inside the run is refused" "[ $rc -eq 1 ] && grep -q 'not under its reconstructions/' $WORK/rec2.err"
cp -r "$WORK/run" "$WORK/noconfig" && rm "$WORK/noconfig/config.json"
run nc train "${tiny[@]}" --steps 2 --out "$WORK/noconfig"
check "a run whose config.json was deleted is still a run (checkpoints kept)" "[ $rc -eq 1 ] && grep -q 'already holds a run (checkpoints/' $WORK/nc.err && [ \$(ls $WORK/noconfig/checkpoints | grep -c step-) -eq 3 ]"
cp -r "$WORK/run" "$WORK/linked"
last=$(cat "$WORK/linked/checkpoints/latest")
rm -r "$WORK/linked/checkpoints/$last" && ln -s "$WORK/run/checkpoints/$last" "$WORK/linked/checkpoints/$last"
run ln train --resume "$WORK/linked" --steps 5 --no-stdin
check "a checkpoint step folder that is a link is refused by name" "[ $rc -eq 1 ] && grep -q \"$last is a symbolic link\" $WORK/ln.err"
run ln2 export-hf --run "$WORK/linked" --out "$WORK/lnhf"
check "export-hf refuses the linked checkpoint too" "[ $rc -eq 1 ] && grep -q 'symbolic link' $WORK/ln2.err"

# 2. No input hangs.
mkdir -p "$WORK/fifo" && "$PMG" export-hf --run "$WORK/run" --out "$WORK/hf" > /dev/null 2>&1
cp "$WORK/hf/config.json" "$WORK/fifo/" && mkfifo "$WORK/fifo/model.safetensors"
run fifo import-hf --hf "$WORK/fifo" --out "$WORK/fifo-run"
check "import-hf of a FIFO is refused by name, not blocked on" "[ $rc -eq 1 ] && grep -q 'model.safetensors is a FIFO, not a regular file' $WORK/fifo.err && [ ! -d $WORK/fifo-run ]"
mkdir -p "$WORK/fifosrc" && "$PMG" render --source visualatom --count 1 --size 64 --format png --out "$WORK/fifosrc" > /dev/null 2>&1 && mkfifo "$WORK/fifosrc/zz_pipe.png"
run fifoimg generate --source "$WORK/fifosrc" --count 2 --frames 4 --size 32 --format npy --out "$WORK/fifoimg"
check "a FIFO named like an image in a source folder is skipped and named, not read" "[ $rc -eq 0 ] && grep -q 'zz_pipe.png' $WORK/fifoimg.err && [ -f $WORK/fifoimg/clip_000001.npy ]"
mkfifo "$WORK/pipe.json"
run fifocfg generate --config "$WORK/pipe.json" --count 1 --out "$WORK/fifocfg"
check "a FIFO as a PMG config is refused by name" "[ $rc -eq 1 ] && grep -q 'PMG config .*pipe.json is a FIFO' $WORK/fifocfg.err"
run fifopre train --preset "$WORK/pipe.json" --no-stdin --out "$WORK/fifopre"
check "a FIFO as a training preset is refused by name" "[ $rc -eq 1 ] && grep -q 'preset file .*pipe.json is a FIFO' $WORK/fifopre.err"
run fifoexp experiment plan "$WORK/pipe.json"
check "a FIFO as an experiment file is refused by name" "[ $rc -ne 0 ] && grep -q 'experiment file .*pipe.json is a FIFO' $WORK/fifoexp.err"
run gen12 train "${tiny[@]}" --steps 1 --source generated@1000000000000 --out "$WORK/g12"
check "generated@N beyond its stated maximum is refused up front" "[ $rc -eq 1 ] && grep -q 'COUNT must be at most 100000' $WORK/gen12.err"
run val train --model tiny --steps 1 --val-clips 1000000 --no-stdin --out "$WORK/val"
check "--val-clips larger than memory is refused with its size" "[ $rc -eq 1 ] && grep -q 'validation set of 1000000 clips.*GiB, more than the limit' $WORK/val.err"
# SIGTERM while the validation set is being built (the heartbeat is written once the
# signal handlers are in place; 200000 clips take far longer than the signal's delivery).
PMG_MAX_CLIP_BYTES=1e12 "$PMG" train --model tiny --steps 100 --batch 2 --threads 1 --no-stdin \
  --val-clips 200000 --out "$WORK/term" > /dev/null 2> "$WORK/term.err" &
pid=$!; pids+=($pid)
wait_for "$WORK/term/heartbeat.json"
kill -TERM $pid; wait $pid; rc=$?
check "SIGTERM during the validation set: stopped after at most one step, checkpointed" "[ $rc -eq 0 ] && grep -q 'stopped at step 1' $WORK/term.err && [ -f $WORK/term/checkpoints/latest ]"
# SIGTERM while sources are listed and while an experiment is planned: PMG_HOLD_PHASE holds
# the process at the start of that phase until the signal has arrived (no timing involved),
# then the phase's own loop must notice it.
mkdir -p "$WORK/many"
for i in $(seq 1 600); do : > "$WORK/many/img_$i.png"; done
PMG_HOLD_PHASE="listing sources" PMG_PHASE_FILE="$WORK/list.phase" "$PMG" train "${tiny[@]}" \
  --steps 1 --source "$WORK/many" --out "$WORK/listing" > /dev/null 2> "$WORK/list.err" &
pid=$!; pids+=($pid)
wait_for "$WORK/list.phase"
kill -TERM $pid; wait $pid; rc=$?
check "SIGTERM while a source folder is listed stops the listing itself (exit 130)" "[ $rc -eq 130 ] && grep -q 'stopped while listing .*many (.* files so far)' $WORK/list.err && ! grep -q 'step' $WORK/listing/events.jsonl 2>/dev/null"
run relist train "${tiny[@]}" --steps 1 --source library --out "$WORK/listing"
check "the interrupted run's directory can be trained into at once" "[ $rc -eq 0 ] && [ -f $WORK/listing/checkpoints/latest ]"
printf '{"pretrain": {"preset": "tiny-cpu"}, "downstream": {"dataset": "motion", "protocols": ["probe"], "per_class": [0], "seeds": [0]}, "axes": [{"name": "t", "variants": [{"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}}]}]}' > "$WORK/plan.json"
PMG_HOLD_PHASE=planning PMG_PHASE_FILE="$WORK/plan.phase" "$PMG" experiment run "$WORK/plan.json" \
  --out "$WORK/planned" > /dev/null 2> "$WORK/plan.err" &
pid=$!; pids+=($pid)
wait_for "$WORK/plan.phase"
kill -TERM $pid; wait $pid; rc=$?
check "SIGTERM while an experiment is planned: exit 130, nothing written" "[ $rc -eq 130 ] && grep -q 'stopped while planning' $WORK/plan.err && [ ! -e $WORK/planned/jobs.json ]"

# 3. Memory up front.
PMG_MAX_CLIP_BYTES=1000000000 timeout 60 "$PMG" generate --size 4096 --frames 256 --count 1 --format npy --out "$WORK/big" > /dev/null 2> "$WORK/big.err"; rc=$?
check "a clip larger than the limit is refused before allocation, its size named" "[ $rc -eq 1 ] && grep -q 'a clip of 256 frames of 4096x4096 needs 12.1 GiB, more than the limit' $WORK/big.err && [ ! -d $WORK/big ]"
run batch train --model tiny --steps 1 --batch 65536 --image-size 224 --frames 16 --no-stdin --out "$WORK/batch"
check "a batch larger than memory is refused with its size" "[ $rc -eq 1 ] && grep -q 'a batch of 65536 clips of 16x224x224 needs' $WORK/batch.err"

# 4. Nothing silently changed.
printf '{"train": {"model": "tiny", "model_overrides": {"image_size": 4294967328}}}' > "$WORK/wrap.json"
run wrap train --preset "$WORK/wrap.json" --no-stdin --out "$WORK/wrap"
check "an override past 32 bits is an error, not 32" "[ $rc -eq 1 ] && grep -q 'image_size must be between' $WORK/wrap.err && [ ! -d $WORK/wrap ]"
printf '{"train": {"model": "tiny", "steps": 2.7}}' > "$WORK/frac.json"
run frac train --preset "$WORK/frac.json" --no-stdin --out "$WORK/frac"
check "\"steps\": 2.7 is an error, not 2" "[ $rc -eq 1 ] && grep -q 'train.steps must be a whole number, got 2.7' $WORK/frac.err"
printf '{"train": {"model": "tiny", "sources": [{"weight": 1}]}}' > "$WORK/nospec.json"
run nospec train --preset "$WORK/nospec.json" --no-stdin --out "$WORK/nospec"
check "a source entry without a spec is an error, not 'library'" "[ $rc -eq 1 ] && grep -q 'every source needs a \"spec\"' $WORK/nospec.err"
run inf train "${tiny[@]}" --steps 1 --source library:inf --out "$WORK/inf"
check "an infinite source weight is an error" "[ $rc -eq 1 ] && grep -q \"invalid source weight in 'library:inf'\" $WORK/inf.err"
run ovf train "${tiny[@]}" --epoch-clips 1000000000000 --epochs 1000000000 --out "$WORK/ovf"
check "--epochs x --epoch-clips past 2e9 steps is an error, not a wrap" "[ $rc -eq 1 ] && grep -q 'at most 2e9' $WORK/ovf.err"
run both stats "$WORK/vid" --source library --out "$WORK/both"
check "stats DIR --source: mutually exclusive, an error" "[ $rc -ne 0 ] && grep -q 'excludes' $WORK/both.err"
run neg generate --threads -1 --count 1 --out "$WORK/neg"
check "negative --threads is refused" "[ $rc -ne 0 ] && grep -q 'threads: must be between 0 and 1024' $WORK/neg.err"
run cat render --source fractaldb --categories -3 --count 1 --out "$WORK/cat"
check "negative --categories is refused" "[ $rc -ne 0 ] && grep -q 'categories: must be between 1 and' $WORK/cat.err"
printf '{"params": {"rotaton_deg": [-5, 5]}}' > "$WORK/typo-pmg.json"
run pmgtypo generate --config "$WORK/typo-pmg.json" --count 1 --out "$WORK/pmgtypo"
check "a PMG config typo is named with the nearest key" "[ $rc -eq 1 ] && grep -q 'unknown key \"rotaton_deg\" (did you mean \"rotation_deg\"?)' $WORK/pmgtypo.err"

# Options that say opposite things are refused at parse time (exit 2), naming both.
run mx1 train "${tiny[@]}" --nproc 2 --gpus 1 --out "$WORK/mx1"
check "--nproc with --gpus is refused" "[ $rc -eq 2 ] && grep -q 'nproc.*excludes.*gpus\|gpus.*excludes.*nproc' $WORK/mx1.err && [ ! -e $WORK/mx1 ]"
run mx2 train "${tiny[@]}" --resume "$WORK/run" --overwrite
check "--resume with --overwrite is refused" "[ $rc -eq 2 ] && grep -q 'excludes' $WORK/mx2.err && intact"
run mx3 train "${tiny[@]}" --pmg zoom --pmg-config "$WORK/none.json" --out "$WORK/mx3"
check "--pmg with --pmg-config is refused" "[ $rc -eq 2 ] && grep -q 'excludes' $WORK/mx3.err"
run mx4 generate --transform zoom --config "$WORK/none.json" --count 1 --out "$WORK/mx4"
check "generate --transform with --config is refused" "[ $rc -eq 2 ] && grep -q 'excludes' $WORK/mx4.err && [ ! -e $WORK/mx4 ]"

# One description per option: the command line and config files refuse the same values,
# with the bounds of `pmg presets --fields` (the GUI's spin boxes are checked in gui_tests).
"$PMG" presets --fields > "$WORK/fields.json"
check "CLI and file reader take every training option's bounds from the one table" "python3 - '$PMG' '$WORK' <<'PY'
import json, re, subprocess, sys
pmg, work = sys.argv[1:3]
fields = json.load(open(work + '/fields.json'))['train']
assert len(fields) >= 15, len(fields)
def bounds(text):
    m = re.search(r'must be between (\\S+) and (\\S+), got', text)
    assert m, text
    return float(m.group(1)), float(m.group(2))
for f in fields:
    bad = f['hi'] * 2 + 1 if f['integer'] else f['hi'] * 2 + 0.5
    value = str(int(bad)) if f['integer'] else repr(bad)
    preset = work + '/field-%s.json' % f['key']
    json.dump({'train': {'model': 'tiny', f['key']: int(bad) if f['integer'] else bad}}, open(preset, 'w'))
    file_err = subprocess.run([pmg, 'train', '--preset', preset, '--no-stdin', '--out', work + '/never'],
                              capture_output=True, text=True).stderr
    assert 'train.%s must be between' % f['key'] in file_err, file_err
    assert bounds(file_err) == (f['lo'], f['hi']), (f['key'], file_err)
    if f['flag']:
        cli_err = subprocess.run([pmg, 'train', f['flag'], value, '--no-stdin', '--out', work + '/never'],
                                 capture_output=True, text=True).stderr
        assert bounds(cli_err) == (f['lo'], f['hi']), (f['key'], cli_err)
PY"

check "model shape, fine-tuning and motion dataset options: CLI and files take the same bounds from their tables" "python3 - '$PMG' '$WORK' <<'PY'
import json, re, subprocess, sys
pmg, work = sys.argv[1:3]
tables = json.load(open(work + '/fields.json'))
def bounds(text):
    m = re.search(r'must be between (\\S+) and (\\S+), got', text)
    assert m, text
    return float(m.group(1)), float(m.group(2))
def err(args):
    return subprocess.run([pmg] + args, capture_output=True, text=True).stderr
def bad(f):
    return int(f['hi'] * 2 + 1) if f['integer'] else f['hi'] * 2 + 0.5
shapes = [f for f in tables['model'] if f['flag']]
assert [f['flag'] for f in shapes] == ['--image-size', '--frames', '--patch', '--tubelet'], shapes
for f in shapes:  # pmg train and pmg finetune flags; a preset's model_overrides
    for cmd in (['train', '--no-stdin'], ['finetune', '--dataset', work + '/none']):
        assert bounds(err(cmd + [f['flag'], str(bad(f)), '--out', work + '/never'])) == (f['lo'], f['hi']), f
    preset = work + '/model-%s.json' % f['key']
    json.dump({'train': {'model': 'tiny', 'model_overrides': {f['key']: bad(f)}}}, open(preset, 'w'))
    e = err(['train', '--preset', preset, '--no-stdin', '--out', work + '/never'])
    assert 'model.%s must be between' % f['key'] in e and bounds(e) == (f['lo'], f['hi']), e
base = {'pretrain': {'preset': 'tiny-cpu'}, 'downstream': {'dataset': 'motion', 'protocols': ['finetune'], 'per_class': [0], 'seeds': [0]}, 'axes': [{'name': 't', 'variants': [{'name': 'zoom', 'set': {'train': {'pmg_preset': 'zoom'}}}]}]}
def plan(patch):
    exp = json.loads(json.dumps(base))
    patch(exp['downstream'])
    path = work + '/exp-field.json'
    json.dump(exp, open(path, 'w'))
    return err(['experiment', 'plan', path])
assert len(tables['finetune']) >= 18, tables['finetune']
for f in tables['finetune']:
    if f['flag']:
        e = err(['finetune', '--dataset', work + '/none', f['flag'], str(bad(f)), '--out', work + '/never'])
        assert bounds(e) == (f['lo'], f['hi']), (f, e)
    if f['key'] != 'per_class':
        e = plan(lambda d: d.setdefault('finetune', {}).update({f['key']: bad(f)}))
        assert 'finetune.%s must be between' % f['key'] in e and bounds(e) == (f['lo'], f['hi']), (f, e)
for f in tables['motion_dataset']:
    e = err(['make-motion-dataset', f['flag'], str(bad(f)), '--out', work + '/never'])
    assert bounds(e) == (f['lo'], f['hi']), (f, e)
    e = plan(lambda d: d.setdefault('motion_dataset', {}).update({f['key']: bad(f)}))
    assert 'motion_dataset.%s must be between' % f['key'] in e and bounds(e) == (f['lo'], f['hi']), (f, e)
PY"

# 5. One writer per run directory (issue 28).
"$PMG" train --model tiny --steps 100000 --batch 2 --threads 1 --no-stdin --val-clips 0 --out "$WORK/busy" > /dev/null 2> "$WORK/busy.err" &
pid=$!; pids+=($pid)
wait_for "$WORK/busy/heartbeat.json"
run second train "${tiny[@]}" --steps 2 --out "$WORK/busy"
check "a second train on a live run is refused" "[ $rc -eq 1 ] && grep -Eq 'already holds a run|is being written by pmg train' $WORK/second.err"
wait_for "$WORK/busy/config.json"
run resume2 train --resume "$WORK/busy" --steps 200000 --no-stdin
check "a second --resume of a live run is refused, naming the holder's pid and the stop command" "[ $rc -eq 1 ] && grep -q \"is being written by pmg train, pid $pid on \" $WORK/resume2.err && grep -q 'echo stop > ' $WORK/resume2.err"
run over train "${tiny[@]}" --steps 2 --out "$WORK/busy" --overwrite
check "--overwrite of a live run is refused too" "[ $rc -eq 1 ] && grep -q 'is being written by pmg train' $WORK/over.err && [ -d $WORK/busy ]"
echo stop > "$WORK/busy/control"; wait $pid
done_steps=$(sed 's/step-0*//' "$WORK/busy/checkpoints/latest")
run after train --resume "$WORK/busy" --steps $((done_steps + 1)) --no-stdin
check "after the writer stopped, the run can be resumed again" "[ $rc -eq 0 ]"
# Two trainers racing for a fresh directory: exactly one wins, the other is refused.
for i in 1 2; do
  "$PMG" train "${tiny[@]}" --steps 3 --out "$WORK/race" > /dev/null 2> "$WORK/race$i.err" &
  pids+=($!)
done
wait "${pids[-1]}"; rc2=$?; wait "${pids[-2]}"; rc1=$?
check "two trains on one fresh --out: one runs, the other is refused" "[ \$((rc1 + rc2)) -eq 1 ] && [ \$(grep -c '\"step\"' $WORK/race/events.jsonl) -eq 3 ]"

# Slurm options are validated against their grammar.
printf '{"pretrain": {"preset": "tiny-cpu"}, "downstream": {"dataset": "motion", "protocols": ["probe"], "per_class": [0], "seeds": [0]}, "axes": [{"name": "t", "variants": [{"name": "zoom", "set": {"train": {"pmg_preset": "zoom"}}}]}]}' > "$WORK/exp.json"
run st experiment run "$WORK/exp.json" --out "$WORK/s1" --slurm --slurm-time '1:00:00 --wrap=id'
check "a Slurm time with a second option is refused, naming it" "[ $rc -ne 0 ] && grep -q \"slurm-time '1:00:00 --wrap=id' is not a Slurm time\" $WORK/st.err && [ ! -d $WORK/s1/slurm ]"
run sp experiment run "$WORK/exp.json" --out "$WORK/s2" --slurm --slurm-partition 'gpu;touch /tmp/p'
check "a Slurm partition with a shell command is refused" "[ $rc -ne 0 ] && grep -q \"slurm-partition 'gpu;touch /tmp/p' is not a Slurm name\" $WORK/sp.err"
run sx experiment run "$WORK/exp.json" --out "$WORK/s3" --slurm --slurm-extra '--mail-type=END --wrap=x'
check "an extra flag carrying another option is refused" "[ $rc -ne 0 ] && grep -q 'slurm-extra' $WORK/sx.err"
run ok experiment run "$WORK/exp.json" --out "$WORK/s4" --slurm --slurm-time 2-00:00:00 --slurm-account lab_1 --slurm-qos high --slurm-extra --mail-type=END
check "valid Slurm options are written one per #SBATCH line and the scripts parse" "[ $rc -eq 0 ] && grep -qx '#SBATCH --time=2-00:00:00' $WORK/s4/slurm/pretrain.sbatch && grep -qx '#SBATCH --account=lab_1' $WORK/s4/slurm/pretrain.sbatch && grep -qx '#SBATCH --qos=high' $WORK/s4/slurm/pretrain.sbatch && grep -qx '#SBATCH --mail-type=END' $WORK/s4/slurm/evaluate.sbatch && bash -n $WORK/s4/slurm/pretrain.sbatch && bash -n $WORK/s4/slurm/submit.sh"
for p in 0 -1; do
  run par$p experiment run "$WORK/exp.json" --out "$WORK/p$p" --parallel=$p
  check "--parallel $p is refused" "[ $rc -ne 0 ] && grep -q 'parallel: must be between 1 and 1024' $WORK/par$p.err"
done
sed 's/"dataset": "motion"/"dataset": "motion", "motion_dataset": {"per_class": 1000000000}/' "$WORK/exp.json" > "$WORK/huge.json"
run huge experiment plan "$WORK/huge.json"
check "an experiment's motion dataset is bounded before anything runs" "[ $rc -ne 0 ] && grep -q 'motion_dataset.per_class must be between 2 and 1000000' $WORK/huge.err"
sed 's/"dataset": "motion"/"dataset": "motion", "motion_dataset": {"per_class": 100000, "size": 512}/' "$WORK/exp.json" > "$WORK/huge2.json"
run huge2 experiment plan "$WORK/huge2.json"
check "its raw size is bounded by the stated limit" "[ $rc -ne 0 ] && grep -q 'GiB of frames; the limit is 16 GiB' $WORK/huge2.err"

[ $fail -eq 0 ] && echo "e2e run guard: all checks passed"
exit $fail
