#!/usr/bin/env bash
# Checks the module dependency rule of design.md §2:
#   pmg_core links no Qt, GL/EGL or Torch; pmg-workbench never links LibTorch.
set -u
core_links="$1"; pmg_bin="$2"; gui_bin="${3:-}"
fail=0
if grep -Eiq 'qt|torch|epoxy|egl|opengl|c10' "$core_links"; then
  echo "FAIL pmg_core links a forbidden library:"; cat "$core_links"; fail=1
else
  echo "ok   pmg_core links only: $(tr '\n' ' ' < "$core_links")"
fi
if ldd "$pmg_bin" | grep -q libtorch; then echo "ok   pmg (CLI) links LibTorch"; else echo "note pmg built without training"; fi
if [ -n "$gui_bin" ]; then
  if ldd "$gui_bin" | grep -Eq 'libtorch|libc10'; then
    echo "FAIL pmg-workbench links LibTorch"; fail=1
  else
    echo "ok   pmg-workbench does not link LibTorch"
  fi
  if ! ldd "$gui_bin" | grep -q libQt6Widgets; then echo "FAIL pmg-workbench does not link Qt"; fail=1; fi
fi
exit $fail
