#!/usr/bin/env bash
# Puts 13 photographs (and one deliberately truncated JPEG, which the motion dataset skips and
# names) from Debian's python3-skimage package into DEST (default: photos/), for the motion
# dataset's photo backgrounds (`--backgrounds photos`, the proxy study's busy-photos scale).
# Needs only Debian's package archive; nothing is installed.
set -euo pipefail
dest="${1:-photos}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download python3-skimage > /dev/null 2>&1 && dpkg -x python3-skimage_*.deb x)
data="$(find "$work/x" -type d -path '*skimage/data' | head -1)"
[ -n "$data" ] || { echo "fetch-photo-backgrounds: no skimage/data in python3-skimage" >&2; exit 1; }
mkdir -p "$dest"
for f in astronaut.png brick.png camera.png chelsea.png coffee.png coins.png grass.png gravel.png \
  hubble_deep_field.jpg moon.png motorcycle_left.png motorcycle_right.png rocket.jpg truncated.jpg; do
  cp "$data/$f" "$dest/"
done
echo "fetch-photo-backgrounds: $(ls "$dest" | wc -l) files in $dest"
