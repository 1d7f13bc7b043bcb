#!/usr/bin/env bash
# Checks that the store zips are reproducible: a second build, made elsewhere
# and in another environment, must give the same zips as dist/, byte for byte.
#
#   tools/repro.sh quick  packages the wasm already in pkg/ again, into another
#                         directory, in another time zone and umask, and compares
#                         the zips (manifest merge, file set, zip order, times,
#                         attributes). Seconds; ./build.sh test runs it.
#   tools/repro.sh full   copies the source to another path and builds it there
#                         from nothing (its own target/, node_modules/ and cargo
#                         home, so crates unpack under another path too), then
#                         compares the zips: the wasm itself must not depend on
#                         where or when it was built. Minutes; ./build.sh repro,
#                         and ./build.sh test in CI (CI=true).
#
# Run after ./build.sh: dist/ holds the first build.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=$(node -p 'require("./extension/manifest.json").version')
BROWSERS=(chrome firefox)

second=$(mktemp -d "${TMPDIR:-/tmp}/netwhy-repro-XXXXXX")
trap 'rm -rf "$second"' EXIT

# Fails, naming what differs, unless every zip in `$1` equals dist/'s.
compare() {
  local dist=$1 same=0
  for browser in "${BROWSERS[@]}"; do
    local zip="netwhy-$VERSION-$browser.zip"
    [ -f "dist/$zip" ] || { echo "dist/$zip is missing: run ./build.sh first" >&2; return 1; }
    node tools/zip-compare.mjs "dist/$zip" "$dist/$zip" || same=1
  done
  return $same
}

case "${1:-}" in
  quick)
    # Another time zone and a stricter umask: neither may reach the zips.
    (umask 077 && TZ=Pacific/Chatham NETWHY_DIST="$second" ./build.sh package)
    compare "$second"
    ;;
  full)
    started=$(date +%s)
    # The files a build reads: tracked and new ones (not ignored), or, in a
    # source archive without git, everything but what builds write.
    mkdir -p "$second/netwhy"
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      git ls-files -z --cached --others --exclude-standard --deduplicate |
        while IFS= read -r -d '' file; do
          # A tracked file deleted in the work tree is not part of this build.
          if [ -e "$file" ]; then printf '%s\0' "$file"; fi
        done | xargs -0 cp --parents -t "$second/netwhy"
    else
      tar --exclude=./target --exclude=./node_modules --exclude=./dist --exclude=./pkg \
        --exclude=./tests/artifacts --exclude=./fuzz/target -cf - . | tar -xf - -C "$second/netwhy"
    fi
    echo "building again from nothing in $second/netwhy"
    # A cargo home of its own, so the crates' sources unpack under another
    # path; seeded with the downloaded crates and index, so no network is
    # needed (cargo fetches what is missing). The tools stay on PATH.
    mkdir -p "$second/cargo-home/registry"
    for part in index cache; do
      if [ -d "${CARGO_HOME:-$HOME/.cargo}/registry/$part" ]; then
        cp -R "${CARGO_HOME:-$HOME/.cargo}/registry/$part" "$second/cargo-home/registry/"
      fi
    done
    (cd "$second/netwhy" && umask 077 && unset CARGO_TARGET_DIR &&
      CARGO_HOME="$second/cargo-home" TZ=Pacific/Chatham ./build.sh)
    compare "$second/netwhy/dist"
    echo "the second build took $(( $(date +%s) - started )) s"
    ;;
  *)
    echo "usage: tools/repro.sh quick|full" >&2
    exit 2
    ;;
esac
