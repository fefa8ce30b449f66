#!/usr/bin/env bash
# Installs dependencies, builds, and starts the workbench on the built-in shader
# library. Without a display it runs the CLI demo (--cli forces it); PMG_SCREENSHOT=DIR
# saves one screenshot per panel under Xvfb instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ "${1:-}" = "--cli" ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${PMG_SCREENSHOT:-}" ]; }; then
  echo "No display: running the CLI demo (use 'xvfb-run -a build/bin/pmg-workbench' for the GUI)."
  build/bin/pmg doctor || true
  build/bin/pmg generate --source library --transform paper-best --count 8 --out demo-clips
  echo "Clips, filmstrips (*_strip.png) and manifests are in demo-clips/"
  exit 0
fi
if [ -n "${PMG_SCREENSHOT:-}" ]; then
  # One PNG per panel at 1280x720 and 1920x1080 into $PMG_SCREENSHOT/WxH/ (README: 1920x1080/main-window.png).
  xvfb-run -a -s "-screen 0 1920x1080x24" build/bin/pmg-workbench --screenshot-panels "$PMG_SCREENSHOT"
  exit 0
fi
exec build/bin/pmg-workbench
