#!/usr/bin/env bash
# Run HERE (Debian 12 with apt): downloads the Debian packages that scripts/gpu-check.sh
# needs on a CUDA machine that has a pip `torch` but no Debian packages and no network:
# OpenCV core + imgproc (the build uses PMG_OPENCV_IO=OFF, so no codec closure), libepoxy
# and EGL (glvnd), nlohmann-json, CLI11, GoogleTest. They are .deb files in .gpu-deps/
# (git-ignored, about 25 MB); gpu-check.sh unpacks them into a prefix there.
# Then: device run with carry [".gpu-deps"] and the command `bash scripts/gpu-check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .gpu-deps
grep -qx '/.gpu-deps/' .git/info/exclude 2>/dev/null || echo '/.gpu-deps/' >> .git/info/exclude
packages=(
  # headers and CMake configs
  libopencv-core-dev libopencv-imgproc-dev libepoxy-dev libegl-dev libgl-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev
  # shared libraries, with what they need beyond a CUDA image's base system
  libopencv-core406 libopencv-imgproc406 libtbb12 libtbbmalloc2 libblas3 liblapack3
  libgfortran5 libquadmath0 libepoxy0 libegl1 libglvnd0 libgl1 libglx0 libopengl0
  libx11-6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0
)
cd .gpu-deps
rm -f ./*.deb
apt-get download "${packages[@]}"
du -sh . | awk '{print "fetched " $1 " of packages into .gpu-deps/"}'
