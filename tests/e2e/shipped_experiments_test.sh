#!/usr/bin/env bash
# Every shipped experiment file (assets/experiments) plans at every one of its scales, and every
# file that offers tiny-cpu also offers the chosen CPU proxy (docs/proxy.md).
set -u
PMG="$1"
DIR="$(dirname "$0")/../../assets/experiments"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
for file in "$DIR"/*.json; do
  name=$(basename "$file")
  scales=$(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1])).get('scales', {})))" "$file")
  check "$name has scales" "[ -n '$scales' ]"
  if [[ " $scales " == *" tiny-cpu "* ]]; then
    check "$name offers --scale proxy" "[[ ' $scales ' == *' proxy '* ]]"
  fi
  for scale in $scales; do
    check "$name plans at --scale $scale" "'$PMG' experiment plan '$file' --scale $scale > /dev/null 2>&1"
  done
done
exit $fail
