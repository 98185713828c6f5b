#!/usr/bin/env bash
# Builds the JavaScript package's wasm into packages/lucid/pkg (git-ignored):
#   the lucid-js crate for wasm32 (the `web` profile, as the app), wasm-bindgen --target web
#   (an ES module: no Node built-ins, no top-level await), then wasm-opt -Oz.
# Needs the tools scripts/setup.sh installs (wasm-bindgen-cli, binaryen's wasm-opt).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LUCID_ROOT"

out=packages/lucid/pkg
cargo build --profile web --target wasm32-unknown-unknown -p lucid-js
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name lucid \
  target/wasm32-unknown-unknown/web/lucid_js.wasm
wasm-opt -Oz --detect-features "$out/lucid_bg.wasm" -o "$out/lucid_bg.wasm"
for f in "$out/lucid_bg.wasm" "$out/lucid.js"; do
  echo "build-js: $f $(wc -c < "$f") bytes, $(gzip -9c "$f" | wc -c) gzipped"
done
