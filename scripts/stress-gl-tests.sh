#!/usr/bin/env bash
# Runs the GL and render tests N times (default 10) while two busy processes keep
# both cores loaded, and reports how many runs passed. No verdict may depend on load:
# every run must pass. Usage: scripts/stress-gl-tests.sh [N]   (after scripts/build.sh)
set -uo pipefail
cd "$(dirname "$0")/../build"
runs="${1:-10}"
burners=()
for _ in 1 2; do
  ( while :; do :; done ) &
  burners+=($!)
done
trap 'kill "${burners[@]}" 2>/dev/null' EXIT
passed=0
for i in $(seq 1 "$runs"); do
  if ctest -L gl -j2 --timeout 900 \
       > "/tmp/stress-gl-$i.log" 2>&1; then
    passed=$((passed + 1)); echo "run $i: passed"
  else
    echo "run $i: FAILED (log: /tmp/stress-gl-$i.log)"; grep -E 'Failed|\*\*\*' "/tmp/stress-gl-$i.log" | head
  fi
done
echo "$passed passed, $((runs - passed)) failed"
[ "$passed" -eq "$runs" ]
