# Sourced by the other scripts: repository root, pinned tool versions, and PATH.
# Keep the versions here in step with crates/lucid-app/Cargo.toml (wasm-bindgen) and Trunk.toml.

LUCID_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14         # 0.22 needs a newer rustc
WASM_BINDGEN_VERSION=0.2.130  # must equal the `wasm-bindgen = "=…"` pin of the crates
TOOLS_DIR="$LUCID_ROOT/.tools" # cargo-installed tools live here (git-ignored) unless already on PATH
E2E_DIR="$LUCID_ROOT/tests/e2e" # npm packages: playwright-core and binaryen (wasm-opt)

# Ours first: binaryen's wasm-opt must shadow any older system one (Debian's v108 fails on Yew output).
export PATH="$TOOLS_DIR/bin:$E2E_DIR/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
