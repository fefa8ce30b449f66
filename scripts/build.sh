#!/usr/bin/env bash
# Configures and builds PMG Workbench (Release, ccache, all cores) into build/.
# Extra CMake arguments are passed through, e.g. -DPMG_BUILD_GUI=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: relative paths, so clean clones in other folders (CI) reuse the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
generator=()
if command -v ninja > /dev/null; then generator=(-G Ninja); fi
if [ -f build/CMakeCache.txt ] && ! grep -q "CMAKE_GENERATOR:INTERNAL=${generator[1]:-Unix Makefiles}" build/CMakeCache.txt; then
  generator=()
fi
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build build -j"$(nproc)"
