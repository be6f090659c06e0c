#!/usr/bin/env bash
# Every test suite, the way CI runs it. Builds once; every suite reuses the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== format and lints" >&2
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== Rust tests" >&2
cargo test --workspace --locked
