#!/usr/bin/env bash
# Builds NetWhy for Chrome and Firefox, and tests it.
#
#   ./build.sh        build dist/chrome/, dist/firefox/ and their store zips
#   ./build.sh test   build, then run every check: cargo test, clippy, rustfmt,
#                     web-ext lint and the end-to-end suite in both browsers
#   ./build.sh bench  build, then benchmark (tests/bench/) into BENCHMARKS.md
#   ./build.sh run [chrome|firefox]
#                     build, then open the browser with the extension in a
#                     fresh profile on a page that fails
#   ./build.sh repro  two clean builds in two places, compared byte for byte
#   ./build.sh version X.Y.Z
#                     set the version in Cargo.toml, the manifest and CHANGELOG.md
#
# Needs rustup, cargo and node/npm; installs everything else it uses (the wasm
# target, the pinned wasm-bindgen-cli, npm tools, and, as root on Debian, the
# browsers and geckodriver). Re-running with nothing changed only re-checks.
set -euo pipefail
cd "$(dirname "$0")"

GECKODRIVER_VERSION=0.37.1
# The CLI must match the crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
VERSION=$(node -p 'require("./extension/manifest.json").version')
# One module per context: the worker loads only what the background needs,
# and each page only its own renderer. Each is a crate under web/ (the pages
# share web/page); the module of web/<name> is pkg/netwhy_<name, with _>.
MODULES=(worker error-page options-page recent-page)
BROWSERS=(chrome firefox)

# Reproducible wasm (REVIEWERS.md): the module embeds source paths (panic
# locations), so the checkout and the cargo home are named by fixed prefixes.
# Only wasm builds get these flags, so native builds and tests keep their cache.
CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
case "$(pwd -P)$CARGO_HOME" in
  *[[:space:]]*) printf 'build.sh: the checkout and CARGO_HOME paths must not contain spaces\n' >&2; exit 1 ;;
esac
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$(pwd -P)=/netwhy --remap-path-prefix=$CARGO_HOME=/cargo"
# Where builds go; ./build.sh repro points a second build elsewhere.
DIST=${NETWHY_DIST:-dist}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null || die "$1 is missing: $2"
}

ensure_toolchain() {
  require cargo "install Rust with rustup (https://rustup.rs)"
  require rustup "install Rust with rustup (https://rustup.rs)"
  require node "install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
  require npm "install npm (Debian: apt-get install npm)"
  # The exact toolchain rust-toolchain.toml pins, with its target and
  # components (rustup need not install it by itself: RUSTUP_AUTO_INSTALL=0).
  rustup --quiet toolchain install
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  # npm ci when node_modules is missing or older than the lock file.
  if [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm tools"
    npm ci --no-audit --no-fund
  fi
}

build_wasm() {
  say "building the core (wasm, release)"
  cargo build --release --target wasm32-unknown-unknown "${MODULES[@]/#/--package=netwhy-}"
  local module wasm out
  for module in "${MODULES[@]}"; do
    module=${module//-/_}
    wasm=target/wasm32-unknown-unknown/release/netwhy_$module.wasm
    out=pkg/netwhy_${module}_bg.wasm
    [ "$out" -nt "$wasm" ] && continue
    wasm-bindgen --target web --out-dir pkg "$wasm"
    # The npm binaryen, not Debian's (108 writes a broken module). The features
    # are the ones rustc enables by default for wasm32-unknown-unknown.
    # --low-memory-unused: rustc puts the stack first, so the low 1 KiB is never
    # data (2.7 KB smaller); --converge and --strip-producers: 0.3 KB more.
    node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-producers \
      --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-reference-types --enable-multivalue \
      "$out" -o "$out"
  done
}

# The extension as its sources lay it out, every module a file of its own
# (target/stage/<browser>/): the JS type check and the handlers' benchmark
# read it, and dist/ is made from it.
stage() {
  local browser=$1 dir=target/stage/$1
  rm -rf "$dir"
  mkdir -p "$dir/core"
  cp -R extension/. "$dir/"
  rm "$dir"/manifest.*
  node tools/manifest.mjs "$browser" "$dir/manifest.json"
  local module
  for module in "${MODULES[@]}"; do
    module=${module//-/_}
    cp "pkg/netwhy_$module.js" "pkg/netwhy_${module}_bg.wasm" "$dir/core/"
  done
}

# dist/<browser>/: the staged extension with each of its module graphs
# bundled into one file by esbuild, not minified: the background's as a
# classic script, each page's (extension/<module>.js, for each *-page
# module) as a module. Woken by a failure, a background of one classic
# script reached its first event 20 to 45 ms sooner than the same code as a
# graph of 12 modules (BENCHMARKS.md), as the floor's does.
# page-early.js (Chromium's only) is a classic script already and stays as
# it is. The pages' stylesheets go inside the pages, and each browser's keep
# only their lines (tools/pages.mjs).
assemble() {
  local browser=$1 out=$DIST/$1 dir=target/stage/$1
  stage "$browser"
  rm -rf "$out"
  mkdir -p "$out"
  cp -R "$dir/." "$out/"
  find "$out" -name '*.js' ! -name page-early.js -delete
  find "$out" -type d -empty -delete
  node tools/manifest.mjs "$browser" "$out/manifest.json" classic-background
  node tools/pages.mjs "$out" "$browser"
  # Run from the staged tree, so the bundles name each part by its path in
  # the extension ("// background/dns.js"). Two warnings say nothing here:
  # wasm-bindgen's glue names the page's API module once per function it
  # imports from it (`"../page-api.js": import1, ... import8`, the same
  # module each time), and its default path to the worker's wasm
  # (`import.meta.url`, empty in a classic script) is never taken, since
  # background.js passes the URL.
  local esbuild=$PWD/node_modules/.bin/esbuild outdir module pages=()
  outdir=$(cd "$out" && pwd -P)
  for module in "${MODULES[@]}"; do
    [[ $module == *-page ]] && pages+=("$module.js")
  done
  (cd "$dir" && "$esbuild" background.js --bundle --format=iife --charset=utf8 --outdir="$outdir" \
    --log-level=warning --log-override:empty-import-meta=silent \
    && "$esbuild" "${pages[@]}" --bundle --format=esm --charset=utf8 --outdir="$outdir" \
    --log-level=warning --log-override:duplicate-object-key=silent)
  # Sorted entries, fixed times and attributes: the same bytes every build.
  node tools/zip.mjs "$out" "$DIST/netwhy-$VERSION-$browser.zip"
}

package() {
  for browser in "${BROWSERS[@]}"; do
    assemble "$browser"
  done
}

build() {
  ensure_toolchain
  build_wasm
  package
  say "built $DIST/chrome, $DIST/firefox, $DIST/netwhy-$VERSION-{chrome,firefox}.zip (wasm: $(for m in "${MODULES[@]}"; do printf '%s %s bytes ' "$m" "$(wc -c < "pkg/netwhy_${m//-/_}_bg.wasm")"; done))"
}

# As root on Debian, installs what the end-to-end suite drives; elsewhere says what is missing.
ensure_browsers() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
  # Firefox ESR's German language pack, for the page-language test (which
  # skips without it); installed only where the browsers are installed too.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! dpkg -s firefox-esr-l10n-de >/dev/null 2>&1 \
    && { command -v firefox-esr >/dev/null || [[ " ${missing[*]} " == *" firefox-esr "* ]]; }; then
    missing+=(firefox-esr-l10n-de)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing ${missing[*]}"
      apt-get update
      DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    else
      die "the end-to-end suite needs: ${missing[*]} (Debian: sudo apt-get install ${missing[*]})"
    fi
  fi
  if [ "$(geckodriver --version 2>/dev/null | head -n1 | cut -d' ' -f2)" != "$GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (a few minutes, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION"
  fi
}

# Type-checks the JS as it is written (target/stage/chrome, before bundling)
# against wasm-bindgen's declarations of the modules and the pinned
# chrome.* types.
typecheck() {
  local dir=target/typecheck
  rm -rf "$dir"
  cp -R target/stage/chrome "$dir"
  local module
  for module in "${MODULES[@]}"; do
    cp "pkg/netwhy_${module//-/_}.d.ts" "$dir/core/"
  done
  cp tools/tsconfig.json "$dir/"
  node_modules/.bin/tsc -p "$dir"
}

# Runs one check, keeps going on failure, and remembers the outcome.
FAILED_CHECKS=()
LOG=target/test-log.txt
check() {
  local name=$1
  shift
  say "$name"
  if ! "$@" 2>&1 | tee -a "$LOG"; then
    FAILED_CHECKS+=("$name")
  fi
}

# Sums the test counts every runner printed: cargo's "test result:" lines and
# node's "# pass"/"# fail" lines.
summarize() {
  local passed failed
  passed=$(sed -n 's/^test result: .*\. \([0-9]*\) passed; .*/\1/p; s/^# pass \([0-9]*\)$/\1/p' "$LOG" | awk '{ n += $1 } END { print n + 0 }')
  failed=$(sed -n 's/^test result: .* \([0-9]*\) failed; .*/\1/p; s/^# fail \([0-9]*\)$/\1/p' "$LOG" | awk '{ n += $1 } END { print n + 0 }')
  echo
  if [ ${#FAILED_CHECKS[@]} -gt 0 ]; then
    echo "failed checks: ${FAILED_CHECKS[*]}"
  fi
  # Read by CI: the plain closing line.
  echo "${passed:-0} passed, $(( ${failed:-0} + ${#FAILED_CHECKS[@]} )) failed"
  [ ${#FAILED_CHECKS[@]} -eq 0 ]
}

run_tests() {
  mkdir -p target
  : > "$LOG"
  build
  ensure_browsers
  check "cargo fmt --check" cargo fmt --all --check
  check "cargo clippy" cargo clippy --all-targets -- -D warnings
  check "cargo clippy (wasm)" cargo clippy --target wasm32-unknown-unknown --workspace --exclude netwhy --all-targets -- -D warnings
  check "cargo test" cargo test
  # The boundary runs where JS values exist: in Node.
  check "cargo test (wasm, in Node)" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --package netwhy-boundary
  check "JS type check (tsc)" typecheck
  check "web-ext lint" node_modules/.bin/web-ext lint --source-dir dist/firefox --warnings-as-errors
  check "Chrome manifest (MV3 rules)" node tools/check-chrome-manifest.mjs dist/chrome
  # Two clean builds in CI (minutes); packaging twice elsewhere (seconds).
  check "reproducible zips" tools/repro.sh "$([ "${CI:-}" = true ] && echo full || echo quick)"
  check "end-to-end (Chromium and Firefox)" node --test --test-concurrency=1 --test-timeout=240000 tests/e2e/
  summarize
}

# The benchmark (not a test): writes BENCHMARKS.md, compares with tests/bench/baseline.json.
run_bench() {
  build
  ensure_browsers
  node tests/bench/bench.mjs "$@"
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  bench) shift; run_bench "$@" ;;
  # Packaging only, from the wasm already in pkg/ (tools/repro.sh).
  package) package ;;
  run) shift; build; ensure_browsers; node tools/run.mjs "$@" ;;
  repro) build; tools/repro.sh full ;;
  version) shift; node tools/version.mjs "$@" ;;
  *) die "usage: ./build.sh [build|test|bench [--record]|run [chrome|firefox]|repro|version X.Y.Z]" ;;
esac
