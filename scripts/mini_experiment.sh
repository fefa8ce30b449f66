#!/usr/bin/env bash
# Mini-experiment (docs/mini-experiment.md): tiny VideoMAE from scratch vs pre-trained with
# PMG on the shader library, fine-tuned with 1, 5, 10 and all clips per class of the synthetic
# motion dataset (the shape of paper Fig. 4). About 11 minutes on 2 CPU cores.
# Usage: scripts/mini_experiment.sh [WORK_DIR]   (prints a Markdown table; results.csv there)
set -euo pipefail
cd "$(dirname "$0")/.."
PMG=${PMG:-build/bin/pmg}
PY=${PY:-python3}
WORK=${1:-runs/mini-experiment}
SEEDS=${SEEDS:-"0 1 2"}
SHOTS=${SHOTS:-"1 5 10 0"}  # 0 = every training video (79 per class)
CLASSES=${CLASSES:-4}
STEPS=${STEPS:-600}         # fine-tuning steps of 8 clips, whatever the number of clips
JOBS=${JOBS:-2}             # fine-tuning runs in parallel, one thread each
mkdir -p "$WORK"
if [ ! -f "$WORK/motion/classes.txt" ]; then
  "$PMG" make-motion-dataset --out "$WORK/motion" --classes "$CLASSES" --per-class 120 \
    --test-fraction 0.34 --size 32 --frames 16 --seed 7 > /dev/null
fi
if [ ! -f "$WORK/pretrain/checkpoints/latest" ]; then
  echo "pre-training (tiny-cpu preset)..." >&2
  "$PMG" train --preset tiny-cpu --out "$WORK/pretrain" --no-stdin > /dev/null
fi
train_per_class=$(grep -c "^train/$(sed -n '1s/^0 //p' "$WORK/motion/classes.txt")/" \
  "$WORK/motion/trainlist.txt")

# One fine-tuning run: init (scratch|pmg), clips per class, seed.
finetune() {
  local init=$1 shots=$2 seed=$3 run=()
  [ "$init" = pmg ] && run=(--run "$WORK/pretrain")
  local per=$((shots > 0 ? shots : train_per_class))
  local epochs=$(((STEPS * 8 + per * CLASSES - 1) / (per * CLASSES)))
  local out="$WORK/ft-$init-$shots-$seed"
  [ -f "$out/results.json" ] && return 0
  "$PMG" finetune "${run[@]}" --dataset "$WORK/motion" --per-class "$shots" --epochs "$epochs" \
    --batch 8 --lr 0.032 --layer-decay 0.75 --head-init-scale 1 --mixup 0 --cutmix 0 \
    --drop-path 0.1 --views 2 --crops 1 --seed "$seed" --threads 1 --out "$out" > /dev/null
  echo "$init shots=$shots seed=$seed epochs=$epochs done" >&2
}
export -f finetune
export PMG WORK CLASSES STEPS train_per_class
for shots in $SHOTS; do
  for seed in $SEEDS; do
    for init in scratch pmg; do echo "$init $shots $seed"; done
  done
done | xargs -P "$JOBS" -L 1 bash -c 'finetune "$@"' _

echo "init,shots,seed,top1" > "$WORK/results.csv"
for shots in $SHOTS; do
  for seed in $SEEDS; do
    for init in scratch pmg; do
      top1=$("$PY" -c "import json;print(json.load(open('$WORK/ft-$init-$shots-$seed/results.json'))['top1'])")
      echo "$init,$shots,$seed,$top1" >> "$WORK/results.csv"
    done
  done
done
"$PY" - "$WORK/results.csv" "$CLASSES" "$train_per_class" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
classes, all_clips = int(sys.argv[2]), sys.argv[3]
shots = sorted({int(r["shots"]) for r in rows}, key=lambda s: s if s > 0 else 1e9)
print("| clips per class | from scratch | PMG pre-trained | chance |")
print("|---|---|---|---|")
for s in shots:
    cell = []
    for init in ("scratch", "pmg"):
        v = [100 * float(r["top1"]) for r in rows if r["init"] == init and int(r["shots"]) == s]
        cell.append(f"{statistics.mean(v):.1f} ± {statistics.pstdev(v):.1f} (n={len(v)})")
    print(f"| {s if s > 0 else f'all ({all_clips})'} | {cell[0]} | {cell[1]} | {100 / classes:.1f} |")
PY
