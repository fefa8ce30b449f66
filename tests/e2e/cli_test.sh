#!/usr/bin/env bash
# End-to-end test of the pmg CLI: runs it as a user would and checks its files.
set -u
PMG="$1"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

"$PMG" --help > "$WORK/help.txt"
check "help lists generate" "grep -q generate $WORK/help.txt"
check "help lists no unimplemented subcommand" "! grep -qi 'not implemented' $WORK/help.txt"
"$PMG" frobnicate 2> "$WORK/err.txt"; rc=$?
check "unknown subcommand exits 2" "[ $rc -eq 2 ]"
check "unknown subcommand is named" "grep -q frobnicate $WORK/err.txt"
"$PMG" generate --no-such-flag 2>/dev/null; rc=$?
check "unknown option exits 2" "[ $rc -eq 2 ]"
"$PMG" generate --count -3 2> "$WORK/range.err"; rc=$?
check "a range error reads like a sentence (no DBL_MAX)" "[ $rc -ne 0 ] && grep -q 'count: must be zero or more, got' $WORK/range.err && ! grep -q '1797693' $WORK/range.err"

# Images with one corrupt file: it is skipped, named, counted; the run goes on.
mkdir -p "$WORK/images"
"$PMG" render --source visualatom --count 3 --size 96 --format png --out "$WORK/images" > /dev/null 2>&1
echo "not an image" > "$WORK/images/zz_corrupt.png"
"$PMG" generate --source "$WORK/images" --count 4 --frames 8 --size 64 --format npy --out "$WORK/clips" --seed 1 \
  > "$WORK/gen.txt" 2> "$WORK/gen.err"; rc=$?
check "generate succeeds despite a corrupt file" "[ $rc -eq 0 ]"
check "corrupt file is named in the log" "grep -q zz_corrupt $WORK/gen.err"
check "skip is counted" "grep -q 'skipped 1' $WORK/gen.txt"
check "--count is delivered: a replacement for the corrupt file" "grep -q 'generated 4 clip' $WORK/gen.txt && [ -f $WORK/clips/clip_000003.npy ] && [ \$(grep -c zz_corrupt $WORK/gen.err) -eq 1 ]"
# Objects with their exact flow, and dataset statistics.
"$PMG" generate --source "$WORK/images" --transform objects+paper-best --count 2 --frames 6 --size 48 \
  --format npy --flow --out "$WORK/flow" --seed 2 > /dev/null 2>&1; rc=$?
check "generate --flow writes flow, visibility and their picture" "[ $rc -eq 0 ] && [ -f $WORK/flow/clip_000001_flow.npy ] && [ -f $WORK/flow/clip_000001_visible.npy ] && [ -f $WORK/flow/clip_000001_flow.png ]"
check "the manifest names the flow and the field measures" "python3 -c \"import json,sys; m=json.load(open('$WORK/flow/clip_000000.json')); sys.exit(0 if m['flow']['flow'].endswith('_flow.npy') and 0 <= m['stats']['trackable_fraction'] <= 1 else 1)\""
"$PMG" stats --source "$WORK/images" --transform objects --count 6 --frames 6 --size 48 --out "$WORK/stats" \
  > "$WORK/stats.txt" 2> "$WORK/stats.err"; rc=$?
check "stats summarises the sample as JSON and histograms" "[ $rc -eq 0 ] && [ -f $WORK/stats/stats.png ] && python3 -c \"import json,sys; r=json.load(open('$WORK/stats/stats.json')); sys.exit(0 if r['clips'] == 6 and 'spectrum_exponent' in r['summary'] and len(r['per_clip']) == 6 and 'feature_diversity' in r else 1)\""
# A dataset folder: generated clips (exact motion from their manifests) and one bad file.
echo junk > "$WORK/flow/zz_bad.npy"
"$PMG" stats "$WORK/flow" --out "$WORK/dirstats" > /dev/null 2> "$WORK/dirstats.err"; rc=$?
check "stats DIR summarises a generated dataset, naming and counting a bad file" "[ $rc -eq 0 ] && grep -q zz_bad $WORK/dirstats.err && python3 -c \"import json,sys; r=json.load(open('$WORK/dirstats/stats.json')); sys.exit(0 if r['clips'] == 2 and r['skipped'] == 1 and 'trackable_fraction' in r['summary'] and r['pmg'] is None else 1)\""
mkdir -p "$WORK/allbad" && echo junk > "$WORK/allbad/a.png" && echo junk > "$WORK/allbad/b.png"
"$PMG" generate --source "$WORK/allbad" --count 3 --frames 4 --size 32 --format npy --out "$WORK/allbad-out" > /dev/null 2> "$WORK/allbad.err"; rc=$?
check "no readable source: a clear error and a non-zero exit" "[ $rc -ne 0 ] && grep -q 'none of the 2 source item' $WORK/allbad.err"
# Links and folders that cannot be used are named and counted, not dropped silently.
mkdir -p "$WORK/odd/x.png" && cp "$WORK/images/img_0000000.png" "$WORK/odd/good.png"
ln -sf "$WORK/odd/nowhere.png" "$WORK/odd/dangling.png"; ln -sf loop.png "$WORK/odd/loop.png"
"$PMG" generate --source "$WORK/odd" --count 2 --frames 4 --size 32 --format npy --out "$WORK/odd-out" > "$WORK/odd.txt" 2> "$WORK/odd.err"; rc=$?
check "dangling and looping links and a folder named x.png are named and counted" "[ $rc -eq 0 ] && grep -q 'dangling.png: dangling symbolic link' $WORK/odd.err && grep -q 'loop.png: symbolic link loop' $WORK/odd.err && grep -q 'x.png: a folder named like a media file' $WORK/odd.err && grep -q 'skipped 3' $WORK/odd.txt && [ -f $WORK/odd-out/clip_000001.npy ]"
# Names and shader text of any bytes: a non-UTF-8 file name or comment aborts nothing.
mkdir -p "$WORK/latin1" && cp "$WORK/images/img_0000000.png" "$WORK/latin1/$(printf 'caf\351.png')"
"$PMG" generate --source "$WORK/latin1" --count 2 --frames 4 --size 32 --format npy --out "$WORK/latin1-out" > /dev/null 2>&1; rc=$?
check "a non-UTF-8 file name does not abort generate" "[ $rc -eq 0 ] && [ -f $WORK/latin1-out/clip_000001.json ]"
printf '// caf\351\nvoid mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / 32.0, 0.5, 0.2, 1.0); }\n' > "$WORK/latin1.glsl"
"$PMG" render --source "$WORK/latin1.glsl" --count 1 --size 32 --out "$WORK/latin1-r" > /dev/null 2>&1; rc=$?
check "a non-UTF-8 shader comment does not abort render" "[ $rc -eq 0 ] && [ -f $WORK/latin1-r/img_0000000.jpg ]"
check "clips, strips and manifests written" "[ -f $WORK/clips/clip_000000.npy ] && [ -f $WORK/clips/clip_000000_strip.png ] && [ -f $WORK/clips/clip_000000.json ]"
check "manifest has statistics" "grep -q mean_frame_difference $WORK/clips/clip_000000.json"
"$PMG" generate --source "$WORK/images" --count 4 --frames 8 --size 64 --format npy --out "$WORK/clips2" --seed 1 --threads 1 > /dev/null 2>&1
check "same seed gives byte-identical clips across thread counts" "cmp -s $WORK/clips/clip_000001.npy $WORK/clips2/clip_000001.npy"

# Byte-identical to the clips recorded before the random streams were named (issue 24):
# FractalDB and VisualAtom images (CPU-drawn), every paper transform, seed 7.
for src in fractaldb@2 visualatom@2; do
  "$PMG" generate --source $src --transform all --count 6 --frames 6 --size 48 --format npy --seed 7 --out "$WORK/golden/$src" > /dev/null 2>&1
done
check "generated clips equal the recorded ones byte for byte" "[ \"\$(cat $WORK/golden/fractaldb@2/clip_*.npy $WORK/golden/visualatom@2/clip_*.npy | sha256sum | cut -d' ' -f1)\" = b3d122b8d482ecdd57fd1b7e7bc912f7734b29beff42560802b6610d3fcfde5c ]"

# Shader library source (the default) and mp4 output.
"$PMG" generate --count 2 --frames 8 --size 64 --out "$WORK/lib" > /dev/null 2>&1
check "library clips as mp4" "[ -s $WORK/lib/clip_000001.mp4 ]"

# Render: resumable and shardable, with a manifest.
"$PMG" render --source library --count 6 --size 64 --out "$WORK/r" --shard 0/2 > /dev/null 2>&1
check "shard 0/2 renders even indices" "[ -f $WORK/r/img_0000004.jpg ] && [ ! -f $WORK/r/img_0000001.jpg ]"
"$PMG" render --source library --count 6 --size 64 --out "$WORK/r" --shard 0/2 > "$WORK/r2.txt" 2>&1
check "rerun resumes" "grep -q 'rendered 0 image' $WORK/r2.txt && grep -q 'already present' $WORK/r2.txt"
check "render manifest records program and time" "grep -q '\"time\"' $WORK/r/manifest-0of2.jsonl"
"$PMG" render --source generated --count 3 --size 64 --out "$WORK/g" > /dev/null 2>&1
check "generated shaders log verdicts" "[ -s $WORK/g/programs-0of1.jsonl ] && [ -f $WORK/g/img_0000002.jpg ]"
printf 'void mainImage(out vec4 c, in vec2 f) {\n  c = broken;\n}\n' > "$WORK/bad.glsl"
"$PMG" render --source "$WORK/bad.glsl" --count 1 --size 32 --out "$WORK/bad" > "$WORK/bad.txt" 2>&1; rc=$?
check "a single shader that does not compile exits non-zero with the reason" "[ $rc -ne 0 ] && grep -q 'line 2' $WORK/bad.txt && grep -q 'nothing was rendered' $WORK/bad.txt"
# Endless in practice: llvmpipe caps loop trips at 65535, so each trip does 1000 dependent sin().
printf '#define R10(x) x x x x x x x x x x\nvoid mainImage(out vec4 c, in vec2 f) { float s = f.x; for (int i = 0; i < 1000000; i++) { R10(R10(R10(s = sin(s + f.y);))) } c = vec4(s); }\n' > "$WORK/hang.glsl"
mkdir -p "$WORK/mixed" && cp "$WORK/hang.glsl" "$WORK/mixed/a_hang.glsl" && printf 'void mainImage(out vec4 c, in vec2 f) { c = vec4(f.x / 32.0, 0.5, 0.2, 1.0); }\n' > "$WORK/mixed/b_good.glsl"
timeout 120 "$PMG" render --source "$WORK/mixed" --count 2 --size 32 --watchdog-s 2 --out "$WORK/hang" > "$WORK/hang.txt" 2>&1; rc=$?
check "a shader whose draw never finishes is stopped by the watchdog; --count delivered by the good one" "[ $rc -eq 0 ] && grep -q 'did not finish a draw within 2.0 s' $WORK/hang.txt && [ -f $WORK/hang/img_0000001.jpg ] && [ -f $WORK/hang/img_0000000.jpg ] && [ \$(grep -c b_good $WORK/hang/manifest-0of1.jsonl) -eq 2 ]"
# A user's shader runs only in the worker: one whose draw never ends is stopped there and
# named; the clips are made from the other shader (in-process it would hang pmg).
mkdir -p "$WORK/usershaders" && cp "$WORK/hang.glsl" "$WORK/usershaders/a_hang.glsl" && cp "$WORK/mixed/b_good.glsl" "$WORK/usershaders/"
PMG_SHADER_WATCHDOG_S=2 timeout 120 "$PMG" generate --source "$WORK/usershaders" --count 3 --frames 4 --size 32 --format npy --out "$WORK/usergen" > "$WORK/usergen.txt" 2> "$WORK/usergen.err"; rc=$?
check "generate: a user shader that never finishes is stopped in the worker, named, replaced" "[ $rc -eq 0 ] && grep -q 'a_hang.*did not finish a draw' $WORK/usergen.err && grep -q 'generated 3 clip' $WORK/usergen.txt && grep -q 'shader worker' $WORK/usergen.err"
# Slow but finishing (one capped loop): rendered with a warning, never refused.
printf 'void mainImage(out vec4 c, in vec2 f) { float s = f.x; for (int i = 0; i < 20000; i++) { s = sin(s + f.y); } c = vec4(fract(s), 0.5, 0.5, 1.0); }\n' > "$WORK/slowshader.glsl"
"$PMG" render --source "$WORK/slowshader.glsl" --count 1 --size 32 --slow-warn-ms 0.001 --out "$WORK/slow" > "$WORK/slow.txt" 2>&1; rc=$?
check "a slow user shader is rendered with a warning naming its ms per draw" "[ $rc -eq 0 ] && grep -q 'warning: slowshader: slow: .* ms per 64x64 draw' $WORK/slow.txt && [ -f $WORK/slow/img_0000000.jpg ]"

"$PMG" make-motion-dataset --out "$WORK/motion" --classes 4 --per-class 3 --frames 8 --size 32 > /dev/null 2>&1; rc=$?
check "motion dataset: class folders and split files" "[ $rc -eq 0 ] && [ \$(wc -l < $WORK/motion/trainlist.txt) -eq 8 ] && [ -s $WORK/motion/test/zoom_in/zoom_in_2.mp4 -o -s $WORK/motion/test/move_down/move_down_2.mp4 ]"

# Training (only when the CLI was built with LibTorch).
if "$PMG" --help | grep -q '^  train'; then
  "$PMG" train --model tiny --steps 3 --batch 2 --out "$WORK/run" --threads 1 > "$WORK/train.jsonl" 2> "$WORK/train.err"; rc=$?
  check "train runs" "[ $rc -eq 0 ]"
  check "train events on stdout as JSON lines" "[ \$(grep -c '\"loss\"' $WORK/train.jsonl) -eq 3 ]"
  check "run dir has config, events, checkpoint" "[ -f $WORK/run/config.json ] && [ -f $WORK/run/events.jsonl ] && [ -f $WORK/run/checkpoints/latest ]"
  "$PMG" train --resume "$WORK/run" --steps 5 --no-stdin > "$WORK/resume.jsonl" 2>/dev/null; rc=$?
  check "resume continues at step 3 up to 5" "[ $rc -eq 0 ] && head -1 $WORK/resume.jsonl | grep -q '\"step\":3' && [ \$(wc -l < $WORK/run/events.jsonl) -eq 5 ]"
  check "heartbeat says finished at the last step" "grep -q '\"state\":\"finished\"' $WORK/run/heartbeat.json && grep -q '\"step\":5' $WORK/run/heartbeat.json"
  cp -r "$WORK/run" "$WORK/run-copy"
  "$PMG" train --model tiny --steps 2 --batch 2 --out "$WORK/run-copy" --threads 1 --no-stdin > /dev/null 2> "$WORK/again.err"; rc=$?
  check "train into an existing run is refused, naming --resume and --overwrite" "[ $rc -ne 0 ] && grep -q 'already holds a run' $WORK/again.err && grep -q -- '--overwrite' $WORK/again.err && [ \$(wc -l < $WORK/run-copy/events.jsonl) -eq 5 ]"
  "$PMG" train --model tiny --steps 2 --batch 2 --out "$WORK/run-copy" --threads 1 --no-stdin --overwrite > /dev/null 2> "$WORK/over.err"; rc=$?
  check "--overwrite moves the old run aside and says so" "[ $rc -eq 0 ] && grep -q 'moved to' $WORK/over.err && ls -d $WORK/run-copy.replaced-* > /dev/null && [ \$(wc -l < $WORK/run-copy/events.jsonl) -eq 2 ]"
  "$PMG" generate --count 1 --frames 8 --size 64 --format mp4 --out "$WORK/vid" > /dev/null 2>&1
  "$PMG" reconstruct --run "$WORK/run" --input "$WORK/vid/clip_000000.mp4" --out "$WORK/rec" > "$WORK/rec.txt" 2>&1; rc=$?
  check "reconstruct a video: figure, mp4 and arrays" "[ $rc -eq 0 ] && [ -s $WORK/rec/figure.png ] && [ -s $WORK/rec/reconstruction.mp4 ] && [ -f $WORK/rec/patch_loss.npy ] && [ -f $WORK/rec/reconstruction.npy ]"
  "$PMG" reconstruct --run "$WORK/run" --input "$WORK/images/zz_corrupt.png" --out "$WORK/rec2" > /dev/null 2> "$WORK/rec2.err"; rc=$?
  check "reconstruct names an unreadable input" "[ $rc -ne 0 ] && grep -q zz_corrupt $WORK/rec2.err"
  "$PMG" train --model tiny --steps 2 --batch 4 --threads 1 --no-stdin --out "$WORK/mix" \
    --source library:0.5 --source "$WORK/images:0.5" --real-videos "$WORK/vid:0.2" > /dev/null 2> "$WORK/mix.err"; rc=$?
  check "train on a weighted mix incl. real videos" "[ $rc -eq 0 ] && grep -q 'real videos' $WORK/mix.err && grep -q real_video $WORK/mix/config.json"
  mkdir -p "$WORK/mixsrc" && cp "$WORK/images/img_0000000.png" "$WORK/mixsrc/" && echo junk > "$WORK/mixsrc/bad.png"
  "$PMG" train --model tiny --steps 3 --batch 4 --threads 1 --no-stdin --source "$WORK/mixsrc" --out "$WORK/skiprun" > /dev/null 2> "$WORK/skiprun.err"; rc=$?
  check "train names an unreadable source once, in its log and its events" "[ $rc -eq 0 ] && [ \$(grep -c 'skipped .*bad.png' $WORK/skiprun.err) -eq 1 ] && [ \$(grep -c 'bad.png' $WORK/skiprun/events.jsonl) -eq 1 ]"
  ln -sf "$WORK/mixsrc/none.png" "$WORK/mixsrc/dangling.png"
  "$PMG" train --model tiny --steps 2 --batch 2 --threads 1 --no-stdin --source "$WORK/mixsrc" --out "$WORK/skiprun2" > /dev/null 2> "$WORK/skiprun2.err"; rc=$?
  check "train names a dangling link of its source folder in its events" "[ $rc -eq 0 ] && grep -q 'dangling.png: dangling symbolic link' $WORK/skiprun2/events.jsonl"
  rm -f "$WORK/mixsrc/dangling.png"
  "$PMG" finetune --run "$WORK/run" --dataset "$WORK/motion" --epochs 2 --batch 4 --threads 1 --out "$WORK/ft" > "$WORK/ft.txt" 2>&1; rc=$?
  check "finetune from a run: top-1/top-5 and per-class reports" "[ $rc -eq 0 ] && grep -q top-1 $WORK/ft.txt && [ -f $WORK/ft/per_class.csv ] && [ -f $WORK/ft/per_class.png ]"
  check "finetune writes the classifier in HF format" "grep -q VideoMAEForVideoClassification $WORK/ft/hf/config.json && [ -s $WORK/ft/hf/model.safetensors ]"
  "$PMG" probe --dataset "$WORK/motion" --epochs 1 --batch 4 --threads 1 --out "$WORK/pr" > "$WORK/pr.txt" 2>&1; rc=$?
  check "linear probe from scratch" "[ $rc -eq 0 ] && grep -q 'linear probe' $WORK/pr.txt"
  "$PMG" export-hf --run "$WORK/run" --out "$WORK/hf" > /dev/null 2>&1
  check "export-hf writes safetensors and configs" "[ -s $WORK/hf/model.safetensors ] && grep -q videomae $WORK/hf/config.json && [ -f $WORK/hf/preprocessor_config.json ]"
  "$PMG" export-hf --run "$WORK/run" --classifier 5 --out "$WORK/hfc" > /dev/null 2>&1
  check "export-hf --classifier: encoder-only classification export" "grep -q VideoMAEForVideoClassification $WORK/hfc/config.json && grep -q LABEL_4 $WORK/hfc/config.json"
  "$PMG" import-hf --hf "$WORK/hf" --out "$WORK/imported" > /dev/null 2>&1
  "$PMG" export-hf --run "$WORK/imported" --out "$WORK/hf2" > /dev/null 2>&1
  check "import-hf then export-hf gives the same weights" "cmp -s $WORK/hf/model.safetensors $WORK/hf2/model.safetensors"
  python3 "$(dirname "$0")/import_fuzz.py" "$PMG" "$WORK/hf" "$WORK/fuzz" > "$WORK/fuzz.txt" 2>&1; rc=$?
  check "import-hf: every hostile export is one clear error (import_fuzz.py)" "[ $rc -eq 0 ]"
  [ $rc -eq 0 ] || grep FAIL "$WORK/fuzz.txt"
  "$PMG" import-hf --hf "$WORK/hf" --out "$WORK/run" > /dev/null 2> "$WORK/imp.err"; rc=$?
  check "import-hf into an existing run is refused" "[ $rc -ne 0 ] && grep -q 'already holds a run' $WORK/imp.err && grep -q '\"train\"' $WORK/run/config.json"
  "$PMG" train --model tiny --steps 100000 --batch 2 --out "$WORK/sig" --threads 1 --no-stdin > "$WORK/sig.jsonl" 2> "$WORK/sig.err" &
  pid=$!
  for _ in $(seq 100); do grep -q loss "$WORK/sig.jsonl" 2>/dev/null && break; sleep 0.2; done
  kill -INT $pid; wait $pid; rc=$?
  check "SIGINT checkpoints and exits cleanly" "[ $rc -eq 0 ] && grep -q stopped $WORK/sig.err && [ -f $WORK/sig/checkpoints/latest ]"
  "$PMG" train --model tiny --steps 100000 --batch 2 --out "$WORK/ctl" --threads 1 --no-stdin > "$WORK/ctl.jsonl" 2> "$WORK/ctl.err" &
  pid=$!
  for _ in $(seq 100); do grep -q loss "$WORK/ctl.jsonl" 2>/dev/null && break; sleep 0.2; done
  check "heartbeat says running while it trains" "grep -q '\"state\":\"running\"' $WORK/ctl/heartbeat.json"
  echo stop > "$WORK/ctl/control"; wait $pid; rc=$?
  check "stop through the control file checkpoints; heartbeat says stopped" "[ $rc -eq 0 ] && grep -q stopped $WORK/ctl.err && [ -f $WORK/ctl/checkpoints/latest ] && grep -q '\"state\":\"stopped\"' $WORK/ctl/heartbeat.json"
  "$PMG" train --model tiny --nproc 2 --steps 4 --batch 4 --threads 1 --val-clips 4 --no-stdin \
    --out "$WORK/dp" > "$WORK/dp.jsonl" 2> "$WORK/dp.err"; rc=$?
  check "--nproc 2: Gloo ranks, one event per step from rank 0, a checkpoint" "[ $rc -eq 0 ] && [ \$(wc -l < $WORK/dp.jsonl) -eq 4 ] && [ -f $WORK/dp/checkpoints/step-0000004/model.safetensors ] && grep -q 'Gloo' $WORK/dp.err"
  "$PMG" bench data --preset tiny-cpu --batch 4 --batches 1 --workers 2 > "$WORK/bdata.txt" 2>&1; rc=$?
  check "bench data: loader rates for 1 and 2 workers, the batch move, the GPU requirement" "[ $rc -eq 0 ] && grep -q ' 1 worker' $WORK/bdata.txt && grep -q ' 2 worker' $WORK/bdata.txt && grep -q 'uint8 staging' $WORK/bdata.txt && grep -q 'H100 consumes' $WORK/bdata.txt"
  "$PMG" train --preset no-such-preset > /dev/null 2> "$WORK/preset.err"; rc=$?
  check "unknown preset is named, built-ins listed" "[ $rc -ne 0 ] && grep -q no-such-preset $WORK/preset.err && grep -q tiny-cpu $WORK/preset.err"
  "$PMG" train --preset tiny-cpu --steps 2 --val-clips 4 --no-stdin --out "$WORK/preset" > /dev/null 2>&1; rc=$?
  check "preset with overrides: steps from the CLI, lr from the preset" "[ $rc -eq 0 ] && grep -q '\"steps\": 2' $WORK/preset/config.json && grep -q '\"base_lr\": 0.08' $WORK/preset/config.json"
  "$PMG" train --model tiny --epochs 0.5 --epoch-clips 16 --batch 2 --val-clips 2 --threads 1 --no-stdin \
    --out "$WORK/ep" > "$WORK/ep.jsonl" 2>/dev/null; rc=$?
  check "--epochs 0.5 of 16 clips at batch 2 is 4 steps" "[ $rc -eq 0 ] && [ \$(wc -l < $WORK/ep.jsonl) -eq 4 ] && grep -q '\"epoch\":0.5' $WORK/ep/events.jsonl"
  "$PMG" train --model tiny --frames 7 --steps 1 --no-stdin --out "$WORK/bad" > /dev/null 2> "$WORK/bad.err"; rc=$?
  check "frames not divisible by the tubelet names both values" "[ $rc -ne 0 ] && grep -q 'frames (7)' $WORK/bad.err && grep -q 'tubelet size (2)' $WORK/bad.err"
  printf 'snapshot\nstop\n' | "$PMG" train --model tiny --steps 100000 --batch 2 --out "$WORK/cmd" --threads 1 > /dev/null 2> "$WORK/cmd.err"; rc=$?
  check "stdin commands: snapshot then stop" "[ $rc -eq 0 ] && grep -q stopped $WORK/cmd.err && ls $WORK/cmd/snapshots | grep -q step-"
  "$PMG" train --resume "$WORK/run" --steps 6 --lr 0.5 --batch 4 --no-stdin > /dev/null 2> "$WORK/rchange.err"; rc=$?
  check "--resume refuses options that change the run, naming them" "[ $rc -ne 0 ] && grep -q -- '--batch, --lr would change the run' $WORK/rchange.err && grep -q -- '--allow-changes' $WORK/rchange.err"
  printf '{"train": {"model": "tiny", "batch_size": 4, "steps": 2}}' > "$WORK/typo.json"
  "$PMG" train --preset "$WORK/typo.json" --no-stdin --out "$WORK/typo" > /dev/null 2> "$WORK/typo.err"; rc=$?
  check "an unknown preset key is named with the nearest known one" "[ $rc -ne 0 ] && grep -q 'unknown key \"batch_size\" (did you mean \"batch\"?)' $WORK/typo.err && [ ! -d $WORK/typo ]"
  printf '{"train": {"model": "tiny", "steps": -5}}' > "$WORK/neg.json"
  "$PMG" train --preset "$WORK/neg.json" --no-stdin --out "$WORK/neg" > /dev/null 2> "$WORK/neg.err"; rc=$?
  check "a preset's steps are range-checked like the command line" "[ $rc -ne 0 ] && grep -q 'train.steps must be between 1 and' $WORK/neg.err && [ ! -d $WORK/neg ]"
  "$PMG" train --workers 100000 > /dev/null 2> "$WORK/workers.err"; rc=$?
  check "--workers out of range: a readable message" "[ $rc -ne 0 ] && grep -q 'workers: must be between 1 and 256, got 100000' $WORK/workers.err"
  "$PMG" finetune --dataset "$WORK/motion" --batch 0 --out "$WORK/ft0" > /dev/null 2> "$WORK/ft0.err"; rc=$?
  check "finetune --batch 0 is refused, not a crash" "[ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -q 'batch: must be between 1 and' $WORK/ft0.err"
  "$PMG" reconstruct --run "$WORK/run" --input "$WORK/vid/clip_000000.mp4" --stride 0 > /dev/null 2> "$WORK/st0.err"; rc=$?
  check "reconstruct --stride 0 is refused, not a crash" "[ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -q 'stride: must be between 1 and' $WORK/st0.err"
fi

if [ $fail -eq 0 ]; then echo "e2e: all checks passed"; fi
exit $fail
