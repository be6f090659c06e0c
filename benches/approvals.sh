#!/usr/bin/env bash
# What checking signers against an approval list costs a batch: N generated transcripts
# (benches/batch.sh's set) verified with `hocba verify --jobs 2`, without approval lists and with a
# signed list of SCHOOLS schools (the batch's schools and others, six approved certificates each),
# alternating, ROUNDS times each, in one run. Prints the median seconds, files per second and
# peak memory of each, and the ratio.
# usage: bash benches/approvals.sh [N] [SCHOOLS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
schools=${2:-500}
rounds=${3:-3}
dir=target/bench-batch/$n
pki=test-vectors/pki
cargo build --release --locked -q -p hocba-cli --bins --example generate_batch --example generate_approvals
if [ ! -f "$dir/manifest.tsv" ]; then
  echo "== generating $n students into $dir" >&2
  rm -rf "$dir"
  target/release/examples/generate_batch "$n" "$dir" "$pki"
fi
work=target/bench-approvals
rm -rf "$work" && mkdir -p "$work"
target/release/examples/generate_approvals "$schools" "$dir" "$pki" "$work/working.xml"
target/release/hocba approvals sign --key $pki/ltv-key.pem --cert $pki/ltv-cert.pem --cert $pki/ca-cert.pem \
  --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl "$work/working.xml" "$work/list.xml"
files=$(find "$dir" -name '*.xml' | wc -l)
echo "== $files files, a list of $schools schools ($(du -k "$work/list.xml" | cut -f1) KiB)" >&2

common=(verify --jobs 2 --quiet --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl "$dir")
with_list=(--approvals "$work/list.xml" --approval-authority $pki/ltv-cert.pem)
measure() { # label, command...: prints "label seconds maxrss_kb"
  local label=$1
  shift
  local log
  log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>&1 || true
  read -r seconds rss < <(tail -1 "$log")
  rm -f "$log"
  echo "$label $seconds $rss"
}
results=()
for _ in $(seq "$rounds"); do
  results+=("$(measure without target/release/hocba "${common[@]}")")
  results+=("$(measure with-list target/release/hocba "${common[@]}" "${with_list[@]}")")
done
# The with-list runs must have checked approvals: one file's report says who approved.
one=$(find "$dir" -name '*.xml' | sort | sed -n 1p)
report=$(target/release/hocba verify --json --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl \
  "${with_list[@]}" "$one" || true)
case "$report" in
  *'"authority_code":"SGDDT-BENCH"'*) ;;
  *) echo "the list was not applied: $report" >&2; exit 1 ;;
esac
python3 - "$files" "${results[@]}" <<'PY'
import statistics, sys
files = int(sys.argv[1])
runs = {}
for row in sys.argv[2:]:
    label, seconds, rss = row.split()
    runs.setdefault(label, []).append((float(seconds), int(rss)))
print("| run | files | median seconds | files/s | peak RSS (MiB) |")
print("|---|---:|---:|---:|---:|")
median = {}
for label, values in runs.items():
    median[label] = statistics.median(s for s, _ in values)
    rss = max(r for _, r in values) / 1024
    print(f"| {label} | {files} | {median[label]:.2f} | {files / median[label]:,.0f} | {rss:.0f} |")
print(f"\nwith a list / without, time: {median['with-list'] / median['without']:.3f}")
PY
