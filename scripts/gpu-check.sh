#!/usr/bin/env bash
# Prepared check for a CUDA machine that has a pip `torch` (with its CMake prefix), CMake
# and ninja, but no Debian packages and no network. Beforehand, HERE:
#   scripts/fetch-gpu-deps.sh        # .deb files into .gpu-deps/ (git-ignored)
# then on the GPU machine, from the repo root (the device tool: carry [".gpu-deps"]):
#   bash scripts/gpu-check.sh        # figures on stdout, logs in $OUT (or /tmp/pmg-gpu-check)
# It unpacks the .debs into a prefix, builds pmg + tests without the GUI and with OpenCV
# core/imgproc only (PMG_OPENCV_IO=OFF), runs the CUDA tests, then the benchmarks that
# matter on a GPU: training step split/MFU at ViT-B, data wait of a real training run fed by
# PMG on shaders rendered through EGL, PMG scaling over all cores, shader rendering. ~8 min.
set -uo pipefail
cd "$(dirname "$0")/.."
LOG=${OUT:-/tmp/pmg-gpu-check}
mkdir -p "$LOG"
start=$(date +%s)
step() { echo; echo "== $* [$(($(date +%s) - start)) s]"; }
fail=0

step "GPU"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
PY=${PYTHON:-python3}
TORCH_PREFIX=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
TORCH_LIB=$($PY -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
$PY -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "GPUs", torch.cuda.device_count())'

step "unpack .gpu-deps into a prefix"
PREFIX=$PWD/.gpu-deps/prefix
if ! ls .gpu-deps/*.deb > /dev/null 2>&1; then
  echo "no .deb files in .gpu-deps/: run scripts/fetch-gpu-deps.sh on the build machine first"
  exit 2
fi
for f in .gpu-deps/*.deb; do dpkg-deb -x "$f" "$PREFIX"; done
ARCH=x86_64-linux-gnu
L=$PREFIX/usr/lib/$ARCH
# dpkg-deb -x runs no maintainer scripts: make the links update-alternatives would make.
[ -e "$L/libblas.so.3" ] || ln -sf blas/libblas.so.3 "$L/libblas.so.3"
[ -e "$L/liblapack.so.3" ] || ln -sf lapack/liblapack.so.3 "$L/liblapack.so.3"
export LD_LIBRARY_PATH="$L:$TORCH_LIB:${LD_LIBRARY_PATH:-}"
export PKG_CONFIG_SYSROOT_DIR=$PREFIX PKG_CONFIG_PATH=$L/pkgconfig:$PREFIX/usr/share/pkgconfig
# NVIDIA's EGL through the glvnd loader from the prefix.
for v in /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json \
         /usr/share/glvnd/egl_vendor.d/10_nvidia.json; do
  [ -f "$v" ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$v && break
done

step "configure and build (no GUI, OpenCV core+imgproc)"
B=build-gpu
cmake -S . -B $B -G Ninja -DCMAKE_BUILD_TYPE=Release -DPMG_BUILD_GUI=OFF -DPMG_OPENCV_IO=OFF \
  -DPMG_WERROR=OFF \
  -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$PREFIX/usr;$L/cmake" \
  -DCMAKE_LIBRARY_PATH="$L" -DCMAKE_INCLUDE_PATH="$PREFIX/usr/include" > "$LOG/configure.log" 2>&1 ||
  { tail -40 "$LOG/configure.log"; exit 1; }
if ! ninja -C $B pmg pmg-shader-worker training_tests render_tests core_tests > "$LOG/build.log" 2>&1; then
  grep -m 20 -B2 -A6 "error" "$LOG/build.log"; exit 1
fi
grep -E "PMG_HAVE_TORCH_CUDA|USE_C10D_NCCL" -o $B/build.ninja | sort | uniq -c | head -3

step "pmg doctor"
$B/bin/pmg doctor || true

step "tests: CUDA, data parallel, checkpoints, core, GL"
$B/bin/training_tests --gtest_filter='*_CUDA:DataParallel.*:Checkpoints.*:Validation.*:Trainer.*:DevicePmg.*' \
  2>&1 | tee "$LOG/training_tests.log" | grep -E "^\[ +(OK|FAILED|SKIPPED) +\]|PASSED|FAILED" || fail=1
grep -q "FAILED" "$LOG/training_tests.log" && fail=1
PMG_SHADER_WORKER=$B/bin/pmg-shader-worker $B/bin/render_tests --gtest_brief=1 2>&1 | tail -3
$B/bin/core_tests --gtest_brief=1 2>&1 | tail -2

step "bench train: ViT-B 16x224x224 mask 0.75, bf16, compute only (MFU)"
for batch in 32 64; do
  $B/bin/pmg bench train --preset paper-vit-b --batch $batch --device cuda --steps 10 --warmup 3 \
    2>&1 | tee -a "$LOG/bench_train.log"
done

step "bench data: loader clips/s over the cores, uint8 staging vs host float to the GPU"
timeout 120 $B/bin/pmg bench data --preset paper-vit-b --source library --batch 64 --batches 4 \
  --device cuda 2>&1 | tee "$LOG/bench_data.log"

for mode in device cpu; do
  if [ "$mode" = device ]; then workers=2; else workers="$(nproc)"; fi
  step "pmg train: ViT-B fed by PMG on the shader library (EGL), PMG rendered on $mode, $workers loader threads"
  timeout 150 $B/bin/pmg train --preset paper-vit-b --source library --batch 64 --steps 40 \
    --pmg-device $mode --workers "$workers" --prefetch 6 --val-clips 0 --checkpoint-every 0 \
    --snapshot-every 0 --no-stdin --out "$LOG/run-$mode" > "$LOG/train_events_$mode.jsonl" \
    2> "$LOG/train_$mode.err"
  echo "exit $?"
  $PY - "$LOG/train_events_$mode.jsonl" <<'PY'
import json, statistics, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
tail = ev[len(ev) // 2:]
if tail:
    print(f"steps {len(ev)}; PMG on {ev[0].get('pmg_rendered_on')}; second half medians: "
          f"clips/s {statistics.median(e['clips_per_s'] for e in tail):.1f}, "
          f"data wait {100 * statistics.median(e['data_wait'] for e in tail):.1f}%, "
          f"memory {max(e['memory_mb'] for e in tail):.0f} MiB, loss {ev[0]['loss']:.3f} -> {ev[-1]['loss']:.3f}")
else:
    print("no events: see the .err file"); print(open(sys.argv[1].replace('train_events', 'train').replace('.jsonl', '.err')).read()[-2000:])
PY
done

step "bench pmg: clips/s per core and scaling over $(nproc) cores"
$B/bin/pmg bench pmg --clips 200 --repeats 3 --threads "$(nproc)" 2>&1 | tee "$LOG/bench_pmg.log"

step "bench render: shader images through EGL on the GPU"
$B/bin/pmg bench render 2>&1 | tail -8 | tee "$LOG/bench_render.log"

step "done (tests $([ $fail -eq 0 ] && echo passed || echo FAILED))"
exit $fail
