#!/usr/bin/env bash
# Mini-experiment (docs/mini-experiment.md): tiny VideoMAE from scratch vs pre-trained with
# PMG on the shader library, fine-tuned with 1, 5 and 10 clips per class of the synthetic
# motion dataset (the shape of paper Fig. 4). About 20-25 minutes on 2 CPU cores.
# Usage: scripts/mini_experiment.sh [WORK_DIR]   (prints a Markdown table; results.csv there)
set -euo pipefail
cd "$(dirname "$0")/.."
PMG=${PMG:-build/bin/pmg}
WORK=${1:-runs/mini-experiment}
SEEDS=${SEEDS:-"0 1 2"}
SHOTS=${SHOTS:-"1 5 10 0"}  # 0 = every training video (79 per class)
CLASSES=${CLASSES:-4}
mkdir -p "$WORK"
if [ ! -f "$WORK/motion/classes.txt" ]; then
  "$PMG" make-motion-dataset --out "$WORK/motion" --classes "$CLASSES" --per-class 120 \
    --test-fraction 0.34 --size 32 --frames 16 --seed 7
fi
if [ ! -f "$WORK/pretrain/checkpoints/latest" ]; then
  "$PMG" train --preset tiny-cpu --out "$WORK/pretrain" --no-stdin > /dev/null
fi
echo "init,shots,seed,top1" > "$WORK/results.csv"
for shots in $SHOTS; do
  for seed in $SEEDS; do
    for init in scratch pmg; do
      run=()
      [ "$init" = pmg ] && run=(--run "$WORK/pretrain")
      out="$WORK/ft-$init-$shots-$seed"
      "$PMG" finetune "${run[@]}" --dataset "$WORK/motion" --per-class "$shots" --epochs 30 \
        --batch 4 --lr 0.05 --layer-decay 0.75 --seed "$seed" --threads 2 --out "$out" > /dev/null
      top1=$(python3 -c "import json;print(json.load(open('$out/results.json'))['top1'])")
      echo "$init,$shots,$seed,$top1" >> "$WORK/results.csv"
      echo "$init shots=$shots seed=$seed top1=$top1" >&2
    done
  done
done
python3 - "$WORK/results.csv" "$CLASSES" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
classes = int(sys.argv[2])
shots = sorted({int(r["shots"]) for r in rows}, key=lambda s: s if s > 0 else 1e9)
print(f"| clips per class | from scratch | PMG pre-trained | chance |")
print("|---|---|---|---|")
for s in shots:
    cell = []
    for init in ("scratch", "pmg"):
        v = [100 * float(r["top1"]) for r in rows if r["init"] == init and int(r["shots"]) == s]
        cell.append(f"{statistics.mean(v):.1f} ± {statistics.pstdev(v):.1f} (n={len(v)})")
    print(f"| {s if s > 0 else 'all (79)'} | {cell[0]} | {cell[1]} | {100 / classes:.1f} |")
PY
