#!/usr/bin/env bash
# Builds the WASM binding: the npm package folder (pkg/web, pkg/node) and the verifier page's copy
# (www/pkg). Installs what it needs inside the repository: the wasm32 target (rustup, or Debian's
# rustc-web with -Zbuild-std when rustup cannot reach its server), wasm-bindgen-cli into
# target/tools, binaryen (wasm-opt) and playwright-core into bindings-wasm/node_modules.
# Recipe and reasons: ../shared/docs/wasm-toolchain.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
crate=hocba_wasm
# The CLI must be the exact version of the wasm-bindgen crate in Cargo.lock.
wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
log() { echo "== wasm: $*" >&2; }

# 1. The wasm32 build (profile wasm-release: opt-level z, fat LTO; sized for download): rustup's
#    target if it can be had, else Debian's Rust building std itself
#    (HOCBA_WASM_TOOLCHAIN=debian takes that path directly). Warnings are errors: code only the
#    wasm32 build compiles (what is cfg-gated to it, or away from it) is linted nowhere else.
deny_warnings="${RUSTFLAGS:-} -D warnings"
if [ "${HOCBA_WASM_TOOLCHAIN:-}" != debian ] && { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; }; then
  log "cargo build (rustup toolchain)"
  RUSTFLAGS="$deny_warnings" cargo build --profile wasm-release --locked --target wasm32-unknown-unknown -p hocba-wasm
  wasm=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/$crate.wasm
else
  log "cargo build (Debian's rustc-web, -Zbuild-std)"
  if ! dpkg -s rustc-web rust-web-src lld-22 >/dev/null 2>&1; then
    apt-get update -qq
    # lld-22: /usr/bin/rust-lld is a dangling link without it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      rustc-web cargo-web rust-web-src rust-web-llvm lld-22 >/dev/null
  fi
  PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/wasm-debian RUSTFLAGS="$deny_warnings" \
    cargo build --profile wasm-release --locked --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort -p hocba-wasm
  wasm=target/wasm-debian/wasm32-unknown-unknown/wasm-release/$crate.wasm
fi

# 2. wasm-bindgen-cli at the crate's version (5-14 minutes to compile the first time).
bindgen=target/tools/bin/wasm-bindgen
if [ "$("$bindgen" --version 2>/dev/null)" != "wasm-bindgen $wb" ]; then
  log "cargo install wasm-bindgen-cli $wb into target/tools (takes minutes, once)"
  # Not --locked: its lockfile names a webpki-roots version the registry lacks.
  cargo install --quiet wasm-bindgen-cli --version "$wb" --root target/tools
fi

# 3. wasm-opt from npm's binaryen (Debian's binaryen 108 emits modules that fail to load), and
#    playwright-core for the browser tests; npm's cache stays in target/.
if [ ! -x "$here/node_modules/.bin/wasm-opt" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --cache "$repo/target/npm-cache" >/dev/null)
fi

# 4. JS glue per target, each module shrunk with wasm-opt -Os.
log "wasm-bindgen $wb and wasm-opt -Os"
rm -rf "$here/pkg" "$here/www/pkg"
for target in web nodejs; do
  out=$here/pkg/${target%js}
  "$bindgen" --target "$target" --out-dir "$out" "$wasm"
  "$here/node_modules/.bin/wasm-opt" -Os --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/${crate}_bg.wasm" -o "$out/${crate}_bg.wasm"
done
# The web build is an ES module wherever it is loaded from, Node included.
echo '{ "type": "module" }' > "$here/pkg/web/package.json"
mkdir -p "$here/www/pkg"
cp "$here/pkg/web/$crate.js" "$here/pkg/web/${crate}_bg.wasm" "$here/www/pkg/"
raw=$(stat -c %s "$here/pkg/web/${crate}_bg.wasm")
gz=$(gzip -9 -c "$here/pkg/web/${crate}_bg.wasm" | wc -c)
log "${crate}_bg.wasm: $raw bytes, $gz gzipped (gzip -9)"
