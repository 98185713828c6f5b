#!/usr/bin/env bash
# Runs every test suite, then prints a summary. Exits non-zero if any suite failed.
#   0. gates: formatting (cargo fmt --check), one version of each crate in the browser's wasm
#      (cargo tree -d), and lints (cargo clippy -D warnings, native and wasm32)
#   1. native tests of the whole workspace (release), the spec tests, and 20,000 fuzz executions
#   2. lucid-core, lucid-transport, lucid-duties and lucid-execution build for wasm32
#   3. wasm-bindgen tests inside headless Chromium (must really run there: checked below)
#   4. the app builds with Trunk (release), its page linking no cryptography (BLS, hashing: all in
#      the worker); the JavaScript package builds (scripts/build-js.sh)
#   5. end-to-end tests in headless Chromium and Node (tests/e2e/*.spec.mjs: the app, the package)
# `scripts/test.sh gates` runs only the gates (step 0), for a quick check before a commit.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LUCID_ROOT"

# Crates whose tests/ hold #[wasm_bindgen_test]s for the browser. Add crates here as they get some.
# Test targets only (`--tests`): examples are native tools (lucid-transport's fake node).
BROWSER_TEST_CRATES=(lucid-core lucid-transport lucid-app)

bash scripts/setup.sh || { echo "test: setup failed"; exit 1; }

summary=()
any_failed=0
# suite <name> <command...>: exit status 0 = PASS, 77 = SKIP, anything else = FAIL.
suite() {
  local name=$1; shift
  local t0=$SECONDS status
  echo; echo "=== $name"
  "$@"
  case $? in 0) status=PASS ;; 77) status=SKIP ;; *) status=FAIL; any_failed=1 ;; esac
  summary+=("$(printf '%-4s %5ss  %s' "$status" $((SECONDS - t0)) "$name")")
  [ "$status" != FAIL ]
}

core_wasm() {
  if [ ! -f crates/lucid-core/Cargo.toml ]; then echo "no crates/lucid-core yet"; return 77; fi
  cargo build --release -p lucid-core -p lucid-transport -p lucid-duties -p lucid-execution --target wasm32-unknown-unknown
}

# The `lucid spec-test` command over the vectors kept in the repository (tests/vectors, always
# present), then over every consensus-spec-tests tree in ../shared/data when that is there.
spec_test_cli() {
  cargo run --release -q -p lucid-cli -- spec-test "$LUCID_ROOT/tests/vectors/consensus-spec-tests" || return 1
  local vectors="$LUCID_ROOT/../shared/data/consensus-spec-tests"
  if [ ! -d "$vectors" ]; then echo "$vectors not found: only the in-repo vectors ran (the cargo tests say the same)"; return 0; fi
  cargo run --release -q -p lucid-cli -- spec-test "$vectors"
}

# lucid-fuzz: 20,000 mutated inputs (fixed seed) through every decoder and verifier of the core,
# built with overflow checks and debug assertions. Reproducers of panics go to target/fuzz-crashes/.
fuzz_smoke() {
  local data="$LUCID_ROOT/../shared/data" log rc
  if [ ! -d "$data" ]; then echo "skipped: $data not found"; return 77; fi
  log=$(mktemp)
  cargo run --profile fuzz -q -p lucid-fuzz -- --iterations 20000 --seed 1 --progress 30 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  grep -q '^fuzz: [0-9]* executions in .* 0 panics$' "$log" || { echo "fuzz: no summary line with 0 panics"; rc=1; }
  rm -f "$log"
  return "$rc"
}

browser_tests() {
  local log rc ran args=()
  for c in "${BROWSER_TEST_CRATES[@]}"; do args+=(-p "$c"); done
  log=$(mktemp)
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_USE_BROWSER=1 \
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$LUCID_ROOT/scripts/webdriver.json" \
    cargo test --release --target wasm32-unknown-unknown --tests "${args[@]}" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # The runner can exit 0 without running anything in a browser, so count the tests that passed
  # in runs that reported "Running headless tests in Chrome".
  ran=$(awk '/^Running headless tests in Chrome/ {b = 1} /^ +Running / {b = 0}
             b && /^test result: ok\./ {n += $4} END {print n + 0}' "$log")
  rm -f "$log"
  echo "browser tests: $ran passed in headless Chrome (cargo exit status $rc)"
  [ "$rc" -eq 0 ] && [ "$ran" -gt 0 ]
}

e2e() {
  if [ "$app_built" != yes ]; then echo "skipped: the app did not build"; return 1; fi
  # Every spec runs, even after one fails, so the log shows all failures.
  local spec rc=0
  for spec in tests/e2e/*.spec.mjs; do
    echo "--- $spec"
    node "$spec" dist || rc=1
  done
  return $rc
}

# Lints for the browser target, where cfg(target_arch = "wasm32") code is compiled. Examples and
# benches are native tools, so libraries, binaries and tests only.
clippy_wasm() {
  cargo clippy -p lucid-core -p lucid-transport -p lucid-duties -p lucid-execution -p lucid-js -p lucid-app --lib --bins --tests --target wasm32-unknown-unknown \
    -- -D warnings
}

# The browser's wasm (the app and the JavaScript package) links one version of each crate. The one
# exception: thiserror 1, which gloo 0.11 (and so yew) links beside ours, 2; it adds no code.
one_version_each() {
  local dups
  dups=$(cargo tree -d -e normal,no-proc-macro --target wasm32-unknown-unknown -p lucid-app -p lucid-js \
    | grep -E '^[a-z]' | sort -u | grep -v '^thiserror v')
  if [ -n "$dups" ]; then echo "crates linked in two versions into the browser's wasm:"; echo "$dups"; return 1; fi
  echo "one version of each crate in the browser's wasm (thiserror 1 and 2 allowed)"
}

# The app, and a table of what each of its two wasm binaries is made of.
app_build() {
  trunk build --release && node scripts/wasm-bytes.mjs
}

suite "format: cargo fmt --all --check" cargo fmt --all --check
suite "dependencies: one version of each crate in the browser's wasm (cargo tree -d)" one_version_each
suite "lints: cargo clippy --workspace --all-targets -D warnings" \
  cargo clippy --workspace --all-targets -- -D warnings
suite "lints (wasm32): cargo clippy core, transport, duties, execution, js, app -D warnings" clippy_wasm
if [ "${1:-}" != gates ]; then
  suite "native tests: cargo test --workspace --release" cargo test --workspace --release
  suite "spec tests: lucid spec-test tests/vectors and ../shared/data/consensus-spec-tests" spec_test_cli
  suite "fuzz: lucid-fuzz --iterations 20000 --seed 1 (--profile fuzz)" fuzz_smoke
  suite "lucid-core, lucid-transport, lucid-duties and lucid-execution build for wasm32" core_wasm
  suite "browser tests: wasm-bindgen-test in Chromium" browser_tests
  app_built=no
  suite "app build: trunk build --release, then where its wasm bytes go (scripts/wasm-bytes.mjs)" app_build \
    && app_built=yes
  suite "the page links no cryptography, the worker no page code: function names of their wasm (scripts/page-links-no-crypto.mjs)" \
    node scripts/page-links-no-crypto.mjs
  suite "JavaScript package build: scripts/build-js.sh (packages/lucid/pkg)" bash scripts/build-js.sh
  suite "end-to-end: tests/e2e/*.spec.mjs" e2e
fi

echo; echo "=== summary"
printf '%s\n' "${summary[@]}"
if [ "$any_failed" -ne 0 ]; then echo "test: FAILED"; exit 1; fi
echo "test: all passed"
