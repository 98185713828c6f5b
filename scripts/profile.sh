#!/usr/bin/env bash
# Profile one light-client update phase by phase in headless Chromium, built as the app is
# (the `web` cargo profile): crates/lucid-app/tests/profile.rs. Prints medians in milliseconds.
# Needs the tools of scripts/setup.sh (wasm-bindgen-test-runner) and chromedriver.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$LUCID_ROOT"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_USE_BROWSER=1 \
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$LUCID_ROOT/scripts/webdriver.json" \
  cargo test --profile web --target wasm32-unknown-unknown -p lucid-app --test profile \
    -- --include-ignored --nocapture 2>&1 | grep -E '^profile|^test result|error' 
echo "1-minute load average: $(cut -d' ' -f1 /proc/loadavg)"
