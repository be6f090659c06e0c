#!/usr/bin/env bash
# The main job. For now: canonicalize the sample transcript's data element (Exclusive C14N, as a
# signature reference would) and show the canonical bytes. Signing and verifying join it as they land.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p hocba-cli
sample=test-vectors/samples/hoc-ba-mau.xml
echo "== hocba c14n --algorithm exc-c14n --subtree-id data-1 $sample" >&2
target/release/hocba c14n --algorithm exc-c14n --subtree-id data-1 "$sample"
echo
