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
# One closing line for the whole run: the last suite cargo prints (doc-tests) may have no tests.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
     END { printf "rust: %d passed, %d failed\n", p, f }' target/test-output.log
