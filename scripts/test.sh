#!/usr/bin/env bash
# Every test suite, the way CI runs it. Builds once; every suite reuses the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== format and lints" >&2
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== Rust tests" >&2
mkdir -p target
cargo test --workspace --locked 2>&1 | tee target/test-output.log
echo "== the pure-Rust build (--no-default-features: what WASM gets)" >&2
cargo test -p hocba --no-default-features --locked --test dsig_vectors --test crypto_providers --test dsig_sign --test pki \
  --test transcript_profile --test transcript_model 2>&1 | tee -a target/test-output.log
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
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
     END { printf "rust: %d passed, %d failed\n", p, f }' target/test-output.log
