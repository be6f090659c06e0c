#!/usr/bin/env bash
# Every test suite, the way CI runs it. Builds once; every suite reuses the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== format and lints" >&2
cargo fmt --all --check
python3 scripts/module-cycles.py
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== Rust tests" >&2
mkdir -p target
cargo test --workspace --locked 2>&1 | tee target/test-output.log
echo "== the pure-Rust build (--no-default-features: what WASM gets)" >&2
cargo test -p hocba --no-default-features --locked --test dsig_vectors --test crypto_providers --test dsig_sign --test pki \
  --test transcript_profile --test transcript_model --test revocation_requests 2>&1 | tee -a target/test-output.log
echo "== Python binding (bindings-python/tests/run.sh: maturin build reusing the dev build, pytest)" >&2
bash bindings-python/tests/run.sh 2>&1 | tee target/python-test-output.log
echo "== the documentation's sh and rust examples (scripts/doc-examples.sh; the Python ones ran in pytest)" >&2
bash scripts/doc-examples.sh
echo "== WASM binding: build (bindings-wasm/build.sh), Node tests, browser tests (headless Chromium)" >&2
bash bindings-wasm/build.sh
# The Node tests compare with the CLI the Rust tests just built.
(cd bindings-wasm && HOCBA_BIN="$PWD/../target/debug/hocba" node --test tests/node/ tests/browser/) > target/wasm-test-output.log 2>&1 \
  || { grep -E '^not ok' -A30 target/wasm-test-output.log >&2; echo "WASM tests failed (log: target/wasm-test-output.log)" >&2; exit 1; }
awk '/^# (pass|fail) / { n[$2] = $3 } END { printf "wasm: %d passed, %d failed (screenshots: target/wasm-browser/)\n", n["pass"], n["fail"] }' \
  target/wasm-test-output.log >&2
echo "== the batch HTML report in headless Chromium (playwright-core from bindings-wasm)" >&2
NODE_PATH="$PWD/bindings-wasm/node_modules" node --test cli/tests/browser/ > target/report-browser-test.log 2>&1 \
  || { cat target/report-browser-test.log >&2; echo "batch report browser test failed" >&2; exit 1; }
awk '/^# (pass|fail) / { n[$2] = $3 } END { printf "batch report: %d passed, %d failed (screenshot: target/batch-report/)\n", n["pass"], n["fail"] }' \
  target/report-browser-test.log >&2
echo "== packages: the Python wheel and sdist, the crate, the page's server (scripts/packages.sh)" >&2
bash scripts/packages.sh
echo "== fuzzing, ${FUZZ_SECONDS:-60} s per target" >&2
if cargo +nightly --version >/dev/null 2>&1; then
  if ! bash fuzz/run.sh "${FUZZ_SECONDS:-60}" > target/fuzz.log 2>&1; then
    tail -60 target/fuzz.log >&2
    echo "fuzzing failed (log: target/fuzz.log; inputs: fuzz/artifacts/)" >&2
    exit 1
  fi
  grep -E '^(== fuzz|Done [0-9]+ runs)' target/fuzz.log >&2
else
  echo "!!!!!!!!!! SKIPPED fuzzing: no nightly toolchain !!!!!!!!!!" >&2
  [ -z "${CI:-}" ] || exit 1
fi
echo "== the attack corpus in the pure-Rust build" >&2
cargo test -p hocba --no-default-features --locked --test attacks 2>&1 | tee -a target/test-output.log
# One closing line for the whole run: the last suite cargo prints (doc-tests) may have no tests.
# Rust suites print "test result: ..."; pytest (-q) closes with "N passed, M failed in S s".
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
     /^(=+ )?[0-9]+ (passed|failed).* in [0-9.]+s/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed,?$/) p += $(i-1); if ($(i) ~ /^failed,?$/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' target/test-output.log target/python-test-output.log
