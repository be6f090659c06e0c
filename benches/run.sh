#!/usr/bin/env bash
# Reproduces the C14N section of BENCHMARKS.md: hocba's parse + C14N throughput beside lxml (libxml2),
# both measured in this run on the same inputs.
#
# usage: bash benches/run.sh
#   (a) generates the inputs into target/bench-inputs (../shared/bench/peers/make_inputs.py),
#   (b) runs lxml through ../shared/bench/peers/run_peers.sh (PEERS=lxml; it installs its apt packages and
#       the venv /tmp/peers-venv unless SKIP_SETUP=1, which is passed through),
#   (c) checks that hocba's canonical bytes equal lxml's for both files (CLI `hocba c14n` vs
#       lxml `etree.tostring(..., method="c14n")`); a mismatch stops the run unless ALLOW_MISMATCH=1,
#   (d) runs `cargo bench -p hocba --bench c14n` (criterion),
#   (e) writes the comparison table (benches/compare.py) to target/bench-results/c14n-table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PEERS_DIR="$ROOT/../shared/bench/peers"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
IN="$TARGET/bench-inputs"
OUT="$TARGET/bench-results"
VENV=/tmp/peers-venv
FILES=(transcript-30k.xml big-1m.xml)
log() { echo "== $*" >&2; }

mkdir -p "$IN" "$OUT"

log "(a) inputs -> $IN"
# make_inputs.py exits non-zero at its end when xmlsec1 is missing, after the XML files are written:
# check the files, not the exit status.
python3 "$PEERS_DIR/make_inputs.py" "$IN" || log "make_inputs.py failed (exit $?); checking the XML files"
for f in "${FILES[@]}"; do
  [ -s "$IN/$f" ] || { log "missing input $IN/$f"; exit 1; }
done

log "(b) lxml via run_peers.sh -> $OUT/results.jsonl"
PEERS="lxml" RESULTS_MD="$OUT/peers.md" SKIP_SETUP="${SKIP_SETUP:-0}" \
  bash "$PEERS_DIR/run_peers.sh" "$IN" "$OUT"

log "(c) byte identity of hocba's C14N with lxml's"
cargo build --release -p hocba-cli
HOCBA="$TARGET/release/hocba"
mismatch=0
for f in "${FILES[@]}"; do
  ours="$OUT/${f%.xml}.hocba.c14n"
  theirs="$OUT/${f%.xml}.lxml.c14n"
  "$HOCBA" c14n "$IN/$f" > "$ours"
  "$VENV/bin/python" - "$IN/$f" "$theirs" <<'EOF'
import sys
from lxml import etree
data = open(sys.argv[1], "rb").read()
out = etree.tostring(etree.fromstring(data).getroottree(), method="c14n", exclusive=False, with_comments=False)
open(sys.argv[2], "wb").write(out)
EOF
  h_ours=$(sha256sum < "$ours" | cut -d' ' -f1)
  h_theirs=$(sha256sum < "$theirs" | cut -d' ' -f1)
  if [ "$h_ours" = "$h_theirs" ]; then
    log "$f: identical, $(stat -c %s "$ours") bytes, sha256 $h_ours"
  else
    mismatch=1
    log "$f: DIFFERENT: hocba sha256 $h_ours ($(stat -c %s "$ours") bytes), lxml sha256 $h_theirs ($(stat -c %s "$theirs") bytes)"
    cmp "$ours" "$theirs" >&2 || true
    python3 - "$ours" "$theirs" <<'EOF' >&2
import sys
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
print(f"  first difference at byte {i}:")
print(f"  hocba: {a[max(0, i - 80):i + 80]!r}")
print(f"  lxml:  {b[max(0, i - 80):i + 80]!r}")
EOF
  fi
done
if [ "$mismatch" = 1 ] && [ "${ALLOW_MISMATCH:-0}" != 1 ]; then
  log "canonical outputs differ (outputs kept in $OUT); set ALLOW_MISMATCH=1 to benchmark anyway"
  exit 1
fi

log "(d) cargo bench -p hocba --bench c14n"
# fresh estimates only: no stale group from an earlier run can reach the table
rm -rf "$TARGET/criterion/parse+c14n" "$TARGET/criterion/parse" "$TARGET/criterion/c14n"
HOCBA_BENCH_INPUTS="$IN" cargo bench -p hocba --bench c14n

log "(e) comparison -> $OUT/c14n-table.md"
python3 benches/compare.py --results "$OUT/results.jsonl" --criterion "$TARGET/criterion" > "$OUT/c14n-table.md"
if [ "$mismatch" = 1 ]; then
  printf '\n**Warning: hocba'"'"'s canonical output differed from lxml'"'"'s in this run (see the log).**\n' >> "$OUT/c14n-table.md"
fi
cat "$OUT/c14n-table.md"
