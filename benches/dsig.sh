#!/usr/bin/env bash
# Reproduces the XML-signature section of BENCHMARKS.md: hocba's verify-both and sign throughput (both crypto
# providers) beside python-xmlsec, Santuario and xmlsec1, all measured in this run on the same inputs.
#
# usage: bash benches/dsig.sh
#   (a) generates the inputs into target/bench-inputs (../shared/bench/peers/make_inputs.py; needs xmlsec1),
#   (b) runs the peers through ../shared/bench/peers/run_peers.sh (PEERS="xmlsec santuario xmlsec1 openssl";
#       it installs its apt packages, the venv /tmp/peers-venv and the Java classes in /tmp/peers-java unless
#       SKIP_SETUP=1, which is passed through) into target/bench-results-dsig,
#   (c) runs `cargo bench -p hocba --bench dsig` (criterion; it first checks that hocba accepts the signed file,
#       rejects a tampered copy, and that what it signs verifies with hocba and with xmlsec1),
#   (d) writes the comparison table (benches/compare_dsig.py) to target/bench-results-dsig/dsig-table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PEERS_DIR="$ROOT/../shared/bench/peers"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
IN="$TARGET/bench-inputs"
OUT="$TARGET/bench-results-dsig"
FILES=(transcript-30k.xml transcript-30k-signed.xml tmpl-gvcn.xml rsa2048-key.pem rsa2048-cert.pem)
log() { echo "== $*" >&2; }

mkdir -p "$IN" "$OUT"

log "(a) inputs -> $IN"
python3 "$PEERS_DIR/make_inputs.py" "$IN"
for f in "${FILES[@]}"; do
  [ -s "$IN/$f" ] || { log "missing input $IN/$f"; exit 1; }
done

log "(b) peers via run_peers.sh -> $OUT/results.jsonl"
PEERS="xmlsec santuario xmlsec1 openssl" RESULTS_MD="$OUT/peers-dsig.md" SKIP_SETUP="${SKIP_SETUP:-0}" \
  bash "$PEERS_DIR/run_peers.sh" "$IN" "$OUT"

log "(c) cargo bench -p hocba --bench dsig"
# fresh estimates only: no stale group from an earlier run can reach the table
rm -rf "$TARGET/criterion/verify-30k-both" "$TARGET/criterion/sign-30k" "$TARGET/criterion/rsa2048-sign-signedinfo"
HOCBA_BENCH_INPUTS="$IN" cargo bench -p hocba --bench dsig

log "(d) comparison -> $OUT/dsig-table.md"
python3 benches/compare_dsig.py --results "$OUT/results.jsonl" --criterion "$TARGET/criterion" > "$OUT/dsig-table.md"
cat "$OUT/dsig-table.md"
