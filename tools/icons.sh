#!/usr/bin/env bash
# Regenerates the PNG icons from extension/icons/icon.svg (needs rsvg-convert,
# Debian package librsvg2-bin). The PNGs are committed; builds do not run this.
set -euo pipefail
cd "$(dirname "$0")/../extension/icons"
for size in 16 32 48 96 128; do
  rsvg-convert --width "$size" --height "$size" icon.svg --output "icon-$size.png"
done
