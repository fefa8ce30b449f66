#!/usr/bin/env bash
# Compiles every LibTorch-using source of the project against LibTorch 2.x headers
# (Debian trixie's libtorch-dev 2.6, fetched from the Debian archive and unpacked, not
# installed), with the project's warnings as errors. It checks the TORCH_VERSION_MAJOR
# guards and API drift without a CUDA machine. Usage: scripts/check-libtorch2.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${PMG_TORCH2_CACHE:-$HOME/.cache/pmg/libtorch2}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
deb="libtorch-dev_2.6.0+dfsg-7_amd64.deb"
if [ ! -f "$cache/root/usr/include/torch/csrc/api/include/torch/version.h" ]; then
  mkdir -p "$cache"
  if [ ! -f "$cache/$deb" ]; then
    # The pool path is stable; fall back to the index when the version moved on.
    if ! curl -fsS -m 120 -o "$cache/$deb.part" "$mirror/pool/main/p/pytorch/$deb"; then
      path=$(curl -fsS -m 60 "$mirror/dists/trixie/main/binary-amd64/Packages.xz" | xz -d |
             awk '/^Package: libtorch-dev$/{p=1} p&&/^Filename:/{print $2; exit}') || true
      if [ -z "${path:-}" ] || ! curl -fsS -m 120 -o "$cache/$deb.part" "$mirror/$path"; then
        echo "skipped: cannot download libtorch-dev 2.x from $mirror (offline?)"
        exit 77
      fi
    fi
    mv "$cache/$deb.part" "$cache/$deb"
  fi
  dpkg-deb -x "$cache/$deb" "$cache/root"
fi
inc="$cache/root/usr/include"
vh="$inc/torch/csrc/api/include/torch/version.h"
version="LibTorch $(awk '/define TORCH_VERSION_MAJOR/{a=$3} /define TORCH_VERSION_MINOR/{b=$3} END{print a "." b}' "$vh")"
echo "LibTorch headers: $version"
# The definitions LibTorch's CMake targets give their users (torch_cpu).
flags=(-DUSE_DISTRIBUTED -DUSE_C10D_GLOO '-DPMG_SCRIPTS_DIR="scripts"' -std=c++17 -fsyntax-only -Wall -Wextra -Wpedantic -Wno-missing-field-initializers -Werror
       -I training/include -I training/src -I tests/training -I core/include -I render/include
       -isystem "$inc" -isystem "$inc/torch/csrc/api/include" -isystem /usr/include/opencv4)
check() {  # one file; prints ok/FAIL and the first errors
  if out=$(g++ "${flags[@]}" "$1" 2>&1); then echo "ok   $1"; else echo "FAIL $1"; echo "$out" | head -20; return 1; fi
}
export -f check
export flags_string="${flags[*]}"
files=(training/src/*/*.cpp tests/training/*.cpp tests/training/*/*.cpp app/cli/cmd_train.cpp app/cli/cmd_bench_train.cpp app/cli/run_supervisor.cpp app/cli/cmd_finetune.cpp)
if printf '%s\n' "${files[@]}" |
   xargs -P "$(nproc)" -I{} bash -c 'flags=($flags_string); check "$1"' _ {}; then
  echo "all ${#files[@]} sources compile against $version"
else
  exit 1
fi
