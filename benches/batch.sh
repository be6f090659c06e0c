#!/usr/bin/env bash
# Batch verification: N generated transcripts (default 10,000 students, four schools, a few percent
# tampered, revoked or malformed) verified offline with `hocba verify --jobs 2` and `--jobs 1`,
# beside the raw verify-both rate of the same files (`cargo bench -p hocba-cli --bench verify_batch`: a
# sample of them in memory, verified on one thread with the same trust and CRLs, without the batch
# machinery) and `xmlsec1 --verify` over the same files, two processes at a time, 100 files per
# process: ROUNDS rounds (default 3), alternating. Then, once, the Python binding's
# `Verifier.verify_many` (jobs=2, the release build in target/bench-venv, every result's verdict
# read) and xmlsec1 once per file, looped in one shell. Prints files per second, CPU and peak
# memory (GNU time) for each, the ratio of the batch's per-file cost to the raw one, and the load
# average before and after.
# usage: bash benches/batch.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
rounds=${2:-3}
dir=target/bench-batch/$n
pki=test-vectors/pki
target=${CARGO_TARGET_DIR:-target}
# The raw bench verifies this many of the batch's files, the first of its manifest.
export HOCBA_BATCH_DIR=$PWD/$dir HOCBA_BATCH_SAMPLE=300
cargo build --release --locked -q -p hocba-cli --bins --example generate_batch
cargo bench --locked -q -p hocba-cli --bench verify_batch --no-run
if [ ! -f "$dir/manifest.tsv" ]; then
  echo "== generating $n students into $dir" >&2
  rm -rf "$dir"
  "$target/release/examples/generate_batch" "$n" "$dir" "$pki"
fi
files=$(find "$dir" -name '*.xml' | wc -l)
echo "== $files files" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

measure() { # label, command...: runs it under GNU time, prints "label seconds maxrss_kb cpu_seconds"
  local label=$1
  shift
  local log
  log=$(mktemp)
  /usr/bin/time -f '%e %M %U %S' -o "$log" "$@" >/dev/null 2>&1 || true
  read -r seconds rss user system < <(tail -1 "$log")
  rm -f "$log"
  echo "$label $seconds $rss $(python3 -c "print($user + $system)")"
}

hocba_args=(verify --quiet --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl "$dir")
xmlsec_args="--verify --trusted-pem $pki/root-cert.pem --untrusted-pem $pki/ca-cert.pem --id-attr:Id urn:hocba:hocbaso:1.0:QuaTrinhHocTap"
raw() { # the raw bench, once: prints "raw-verifier ns_per_file" and "raw-signatures ns_per_file"
  rm -rf "$target/criterion/batch-raw"
  cargo bench --locked -q -p hocba-cli --bench verify_batch >&2
  python3 - "$target/criterion/batch-raw" "$HOCBA_BATCH_SAMPLE" <<'PY'
import json, sys
for name in ("verifier", "signatures"):
    with open(f"{sys.argv[1]}/{name}/new/estimates.json") as f:
        print(f"raw-{name} {json.load(f)['median']['point_estimate'] / int(sys.argv[2]):.0f}")
PY
}
# Alternating rounds: hocba, both signatures of every file, the profile, the chain to the test
# root, revocation from the CRLs, one process with two threads and with one; the raw rate of the
# same files; xmlsec1 on the first signature of each file (it verifies one per document) and its
# chain to the test root, no revocation (this build has no CRL option), 100 files per process,
# two processes at a time.
results=()
for round in $(seq "$rounds"); do
  echo "== round $round of $rounds" >&2
  results+=("$(measure hocba "$target/release/hocba" "${hocba_args[@]}" --jobs 2)")
  results+=("$(measure hocba-jobs-1 "$target/release/hocba" "${hocba_args[@]}" --jobs 1)")
  raw > "$dir.raw"
  while read -r label ns; do results+=("$label $ns"); done < "$dir.raw"
  results+=("$(measure xmlsec1-batched sh -c "find '$dir' -name '*.xml' -print0 | xargs -0 -n 100 -P 2 xmlsec1 $xmlsec_args")")
  printf '%s\n' "${results[@]: -5}" >&2
done
echo "== once: Python verify_many, the xmlsec1 loop" >&2
# Python: the same verification of the same files, from a list of paths, two threads.
venv=target/bench-venv
export PIP_CACHE_DIR="$PWD/target/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x $venv/bin/python ] || python3 -m venv $venv
$venv/bin/pip install -q --force-reinstall --no-deps ./bindings-python   # the release profile, as users get it
rm -f "$dir.python-verdicts"
python_batch=$(measure python-verify-many $venv/bin/python -c '
import pathlib, sys, hocba
pki, folder = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
config = hocba.VerifyConfig(trust=hocba.Trust(pki / "root-cert.pem"),
                            revocation=hocba.Revocation(crls=[pki / "ca.crl", pki / "root.crl"]))
paths = sorted(folder.rglob("*.xml"))
counts = {}
for result in hocba.Verifier(config).verify_many(paths, jobs=2):
    verdict = result.verification.report.verdict.value if result.error is None else "error"
    counts[verdict] = counts.get(verdict, 0) + 1
assert sum(counts.values()) == len(paths), counts
pathlib.Path(sys.argv[3]).write_text(repr(counts))
' "$pki" "$dir" "$dir.python-verdicts")
[ -s "$dir.python-verdicts" ] || { echo "the Python batch failed" >&2; exit 1; }
echo "== Python's verdicts: $(cat "$dir.python-verdicts")" >&2
# xmlsec1 once per file, looped in one shell, as the issue asked first (once: it takes minutes).
results+=("$(measure xmlsec1-loop sh -c "find '$dir' -name '*.xml' | while read -r f; do xmlsec1 $xmlsec_args \"\$f\"; done")")
results+=("$python_batch")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$files" "$HOCBA_BATCH_SAMPLE" "$load_before" "$load_after" "${results[@]}" <<'PY'
import statistics, sys
files, sample, load_before, load_after = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
runs, raw = {}, {}
for row in sys.argv[5:]:
    label, *values = row.split()
    if label.startswith("raw-"):
        raw.setdefault(label, []).append(float(values[0]))
    else:
        seconds, rss, cpu = values
        runs.setdefault(label, []).append((float(seconds), int(rss), float(cpu)))
print(f"load average (1, 5, 15 min): {load_before} before, {load_after} after")
print()
print("| verifier | files | rounds | median seconds | files/s | CPU µs per file | peak RSS (MiB) | seconds of the rounds |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
median, cpu = {}, {}
for label, values in runs.items():
    median[label] = statistics.median(s for s, _, _ in values)
    cpu[label] = statistics.median(c for _, _, c in values) / files * 1e6
    rss = max(r for _, r, _ in values) / 1024
    seconds = ", ".join(f"{s:.2f}" for s, _, _ in values)
    print(f"| {label} | {files} | {len(values)} | {median[label]:.2f} | {files / median[label]:,.0f} | "
          f"{cpu[label]:,.0f} | {rss:.0f} | {seconds} |")
print()
print(f"| raw verify-both (cargo bench, {sample} of the files in memory, one thread) | rounds | median µs per file | files/s | µs per file of the rounds |")
print("|---|---:|---:|---:|---|")
raw_us = {}
for label, values in raw.items():
    raw_us[label] = statistics.median(values) / 1000
    each = ", ".join(f"{v / 1000:.0f}" for v in values)
    print(f"| {label} | {len(values)} | {raw_us[label]:.0f} | {1e6 / raw_us[label]:,.0f} | {each} |")
per_file_1 = median["hocba-jobs-1"] / files * 1e6
print()
print(f"batch per-file cost, --jobs 1 (wall): {per_file_1:.0f} µs; "
      f"/ raw verifier: **{per_file_1 / raw_us['raw-verifier']:.2f}x**; "
      f"/ raw signatures alone: {per_file_1 / raw_us['raw-signatures']:.2f}x")
print(f"batch CPU per file, --jobs 2: {cpu['hocba']:.0f} µs; / raw verifier: {cpu['hocba'] / raw_us['raw-verifier']:.2f}x")
for peer in ("xmlsec1-loop", "xmlsec1-batched"):
    print(f"hocba --jobs 2 / {peer} files per second: {median[peer] / median['hocba']:.2f}x")
print(f"Python verify_many / hocba verify, both two threads, files per second: "
      f"{median['hocba'] / median['python-verify-many']:.2f}x")
print(f"hocba --jobs 2 / --jobs 1 files per second: {median['hocba-jobs-1'] / median['hocba']:.2f}x")
PY
