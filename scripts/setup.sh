#!/usr/bin/env bash
# Installs what building and testing lucid needs, on Debian with Rust (rustup) and Node.js/npm:
#   - the wasm32-unknown-unknown Rust target and the rustfmt and clippy components
#   - Debian packages: clang (blst's C code for wasm32), chromium + chromium-driver (browser tests)
#   - trunk and wasm-bindgen-cli (cargo install, exact versions from scripts/env.sh)
#   - tests/e2e npm packages: playwright-core (drives the system Chromium) and binaryen (wasm-opt)
#   - every crate the workspace needs (cargo fetch), because Trunk builds offline
# Idempotent: anything already present at the right version is reused, so a second run takes seconds.
# It never downloads a browser: the tests use Debian's /usr/bin/chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LUCID_ROOT"

say() { echo "setup: $*"; }

command -v cargo >/dev/null || { say "cargo not found: install Rust with rustup first"; exit 1; }
command -v npm >/dev/null || { say "npm not found: install Node.js (20 or newer) first"; exit 1; }

# --- Rust target --------------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown: present"
else
  say "rust target wasm32-unknown-unknown: adding"
  rustup target add wasm32-unknown-unknown
fi

# --- Rust components (the format and lint gates of scripts/test.sh) -----------------------------
for comp in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$comp"; then
    say "rust component $comp: present"
  else
    say "rust component $comp: adding"
    rustup component add "$comp"
  fi
done

# --- Debian packages ----------------------------------------------------------------------------
missing=()
for pkg in clang chromium chromium-driver; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "apt packages clang chromium chromium-driver: present"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root or sudo to install: ${missing[*]}"; exit 1; }
    sudo="sudo"
  fi
  say "apt packages: installing ${missing[*]}"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- cargo-installed tools ----------------------------------------------------------------------
# have <command> <version>: is that exact version on PATH (.tools/bin, ~/.cargo/bin, ...)?
have() { command -v "$1" >/dev/null && [ "$("$1" --version 2>/dev/null | awk '{print $2}')" = "$2" ]; }

if have trunk "$TRUNK_VERSION"; then
  say "trunk $TRUNK_VERSION: present ($(command -v trunk))"
else
  say "trunk $TRUNK_VERSION: installing into .tools (takes ~9 minutes on 2 cores)"
  cargo install --root "$TOOLS_DIR" "trunk@$TRUNK_VERSION" --locked
fi

if have wasm-bindgen "$WASM_BINDGEN_VERSION" && have wasm-bindgen-test-runner "$WASM_BINDGEN_VERSION"; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present ($(command -v wasm-bindgen))"
else
  # Without --locked, as this version is known to build that way with the pinned toolchain.
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing into .tools (takes ~4 minutes)"
  cargo install --root "$TOOLS_DIR" "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# --- npm packages for tests/e2e -----------------------------------------------------------------
# Reinstall only when package-lock.json changed since the last install (stamp in node_modules).
stamp="$E2E_DIR/node_modules/.lucid-lock.sha256"
want="$(sha256sum "$E2E_DIR/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$E2E_DIR/node_modules/.bin/wasm-opt" ]; then
  say "npm packages in tests/e2e: up to date"
else
  say "npm packages in tests/e2e: npm ci"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
fi

# --- crates -------------------------------------------------------------------------------------
# Download every crate now (for all targets), so builds and Trunk (offline = true) need no network.
say "cargo fetch"
cargo fetch --quiet

say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3)," \
    "$(chromium --version 2>/dev/null | cut -d' ' -f1-2), $(chromedriver --version | cut -d' ' -f1-2)"
