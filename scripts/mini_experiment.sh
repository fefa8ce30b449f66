#!/usr/bin/env bash
# Mini-experiment (docs/mini-experiment.md): tiny VideoMAE from scratch vs pre-trained with PMG
# on the shader library, fine-tuned with 1, 5, 10 and all clips per class of the synthetic motion
# dataset (the shape of paper Fig. 4). It is the shipped experiment fig4-label-efficiency at the
# tiny-cpu scale (docs/experiments.md); about 11 minutes on 2 CPU cores.
# Usage: scripts/mini_experiment.sh [WORK_DIR]   (prints the summary; results.csv and figures there)
set -euo pipefail
cd "$(dirname "$0")/.."
PMG=${PMG:-build/bin/pmg}
WORK=${1:-runs/mini-experiment}
JOBS=${JOBS:-2}
"$PMG" experiment run assets/experiments/fig4-label-efficiency.json --scale tiny-cpu \
  --out "$WORK" --parallel "$JOBS"
cat "$WORK/summary.md"
