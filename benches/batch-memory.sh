#!/usr/bin/env bash
# Peak memory of a batch by its size: `hocba verify --jobs 2 --csv` (a row per file, nothing kept)
# and `--quiet` (the summary, with the checks across each student's files, which keep a small
# record of every valid file) over N generated transcripts (cli/examples/generate_batch.rs), for
# each N given, under GNU time. Each batch is generated into a folder of OUT (default
# target/bench-batch-memory) and deleted after it is measured.
# usage: bash benches/batch-memory.sh [OUT] [N...]   (default N: 1000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/bench-batch-memory}
shift || true
sizes=("${@:-1000 100000}")
pki=test-vectors/pki
target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked -q -p hocba-cli --bins --example generate_batch
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| students | files | MB on disk | output | seconds | files/s | peak RSS (MiB) |"
echo "|---:|---:|---:|---|---:|---:|---:|"
for n in ${sizes[*]}; do
  dir=$out/$n
  rm -rf "$dir"
  started=$(date +%s)
  "$target/release/examples/generate_batch" "$n" "$dir" "$pki"
  echo "generated $n students in $(($(date +%s) - started)) s" >&2
  files=$(find "$dir" -name '*.xml' | wc -l)
  megabytes=$(du -sm "$dir" | cut -f1)
  for output in --csv --quiet; do
    log=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$log" "$target/release/hocba" verify --jobs 2 "$output" \
      --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl "$dir" >/dev/null 2>&1 || true
    read -r seconds rss < <(tail -1 "$log")
    rm -f "$log"
    python3 -c "print(f'| $n | $files | $megabytes | $output | {$seconds:.1f} | {$files / $seconds:,.0f} | {$rss / 1024:.0f} |')"
  done
  rm -rf "$dir"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
