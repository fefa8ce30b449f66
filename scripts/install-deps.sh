#!/usr/bin/env bash
# Installs every Debian/Ubuntu package PMG Workbench needs. Idempotent: safe to rerun.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git curl xz-utils
  # GUI: Qt 6 widgets + OpenGL widgets + charts, Dear ImGui
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev libimgui-dev
  # images, video
  libopencv-dev
  # training: LibTorch (CPU) + optimized BLAS + Gloo for c10d
  libtorch-dev libopenblas0-openmp libgloo-dev
  # headless GL
  libepoxy-dev libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri mesa-utils-bin
  # small libraries
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev xvfb xauth
  # the Hugging Face export check (scripts/hf_reference_check.py) and baselines scripts
  python3-numpy
  # screenshots of the GUI under Xvfb (scripts/run-workbench.sh PMG_SCREENSHOT=...)
  imagemagick
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's libtorch links the reference BLAS through the alternatives system;
# point it at OpenBLAS (OpenMP build), ~18x faster for the model's GEMMs.
arch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
for alt in "libblas.so.3-${arch}" "liblapack.so.3-${arch}"; do
  best="$(update-alternatives --list "$alt" 2>/dev/null | grep -m1 openblas-openmp || true)"
  if [ -n "$best" ]; then $SUDO update-alternatives --set "$alt" "$best" >/dev/null; fi
done
echo "install-deps: done"
