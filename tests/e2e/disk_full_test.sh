#!/usr/bin/env bash
# Disk full during training: `pmg train` on small tmpfs mounts of many sizes. At every
# size the run either finishes or ends with one clear error (exit 1, never a signal);
# no temporary file is left; `latest`, if any, names a complete checkpoint; events are
# consecutive steps (none dropped silently). Needs root for mount: exits 77 (skipped)
# where tmpfs cannot be mounted. Usage: disk_full_test.sh PMG
set -u
PMG="$1"
MNT="$(mktemp -d)"
if ! mount -t tmpfs -o size=64k tmpfs "$MNT" 2>/dev/null; then
  echo "skipped: cannot mount a tmpfs here"
  rmdir "$MNT"
  exit 77
fi
umount "$MNT"
fail=0
for size in 8k 24k 48k 96k 256k 512k 768k 1m 1280k 1536k 2m 3m 4m 6m; do
  mount -t tmpfs -o "size=$size" tmpfs "$MNT"
  "$PMG" train --model tiny --steps 6 --batch 2 --threads 1 --workers 1 --no-stdin \
    --checkpoint-every 1 --keep-checkpoints 2 --out "$MNT/run" > /dev/null 2> "$MNT/../err.$size"
  rc=$?
  problems=""
  [ $rc -le 1 ] || problems="$problems exit=$rc;"
  if [ $rc -eq 1 ]; then
    tail -1 "$MNT/../err.$size" | grep -q '^pmg: error: .*' || problems="$problems no error line;"
    grep -q 'Exception raised from\|frame #' "$MNT/../err.$size" && problems="$problems backtrace;"
  fi
  leftovers=$(find "$MNT" -name '*.tmp*' | head -3)
  [ -z "$leftovers" ] || problems="$problems temporaries: $leftovers;"
  if [ -f "$MNT/run/checkpoints/latest" ]; then
    latest="$MNT/run/checkpoints/$(cat "$MNT/run/checkpoints/latest")"
    for f in model.safetensors trainer.pt state.json; do
      [ -s "$latest/$f" ] || problems="$problems latest lacks $f;"
    done
  fi
  if [ -f "$MNT/run/events.jsonl" ]; then
    python3 - "$MNT/run/events.jsonl" <<'PY' || problems="$problems events not consecutive;"
import json, sys
steps = [json.loads(l)["step"] for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if steps == list(range(len(steps))) else 1)
PY
  fi
  if [ -z "$problems" ]; then
    echo "ok   $size: exit $rc $( [ $rc -eq 1 ] && tail -1 "$MNT/../err.$size" | cut -c1-150)"
  else
    echo "FAIL $size:$problems"; tail -3 "$MNT/../err.$size"; fail=1
  fi
  umount "$MNT"
done
# Events fill the disk (no checkpoints until the end): the run stops with an error
# naming events.jsonl, and the events written are consecutive.
mount -t tmpfs -o size=160k tmpfs "$MNT"
"$PMG" train --model tiny --steps 3000 --batch 2 --threads 1 --workers 1 --no-stdin \
  --checkpoint-every 0 --out "$MNT/run" > /dev/null 2> "$MNT/../err.events"
rc=$?
if [ $rc -eq 1 ] && grep -q 'cannot write an event to .*events.jsonl' "$MNT/../err.events" &&
   python3 -c "import json,sys; s=[json.loads(l)['step'] for l in open('$MNT/run/events.jsonl') if l.endswith('\n')]; sys.exit(0 if s == list(range(len(s))) and s else 1)"; then
  echo "ok   events fill the disk: exit 1, $(tail -1 "$MNT/../err.events" | cut -c1-120)"
else
  echo "FAIL events fill the disk: exit $rc"; tail -3 "$MNT/../err.events"; fail=1
fi
umount "$MNT"
rmdir "$MNT"
[ $fail -eq 0 ] && echo "disk full: all levels passed"
exit $fail
