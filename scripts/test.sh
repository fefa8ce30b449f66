#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (GL through EGL/llvmpipe,
# GUI under xvfb-run). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
# GL tests run headless on Mesa; GUI tests need an X server: run the whole suite under Xvfb.
xvfb-run -a -s "-screen 0 1920x1080x24" ctest --output-on-failure -j"$(nproc)" --timeout 900
