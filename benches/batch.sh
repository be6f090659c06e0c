#!/usr/bin/env bash
# Batch verification: N generated transcripts (default 10,000 students, four schools, a few percent
# tampered, revoked or malformed) verified offline with `hocba verify --jobs 2` and `--jobs 1`, with
# the Python binding's `Verifier.verify_many` (jobs=2, the release build in target/bench-venv, every
# result's verdict read), beside `xmlsec1 --verify` over the same files in the same run, two
# processes at a time, 100 files per process. Prints files per second and peak memory (max RSS, GNU
# time) for each, and Python's rate over the CLI's.
# usage: bash benches/batch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
dir=target/bench-batch/$n
pki=test-vectors/pki
cargo build --release --locked -q -p hocba-cli --bins --example generate_batch
if [ ! -f "$dir/manifest.tsv" ]; then
  echo "== generating $n students into $dir" >&2
  rm -rf "$dir"
  target/release/examples/generate_batch "$n" "$dir" "$pki"
fi
files=$(find "$dir" -name '*.xml' | wc -l)
echo "== $files files" >&2

measure() { # label, command...: runs it under GNU time, prints "label seconds maxrss_kb"
  local label=$1
  shift
  local log
  log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>&1 || true
  read -r seconds rss < <(tail -1 "$log")
  rm -f "$log"
  echo "$label $seconds $rss"
}

# hocba: both signatures of every file, the profile, the chain to the test root, revocation from
# the CRLs; one process, two threads.
hocba=$(measure hocba target/release/hocba verify --jobs 2 --quiet --trust $pki/root-cert.pem \
  --crl $pki/ca.crl --crl $pki/root.crl "$dir")
hocba_1=$(measure hocba-jobs-1 target/release/hocba verify --jobs 1 --quiet --trust $pki/root-cert.pem \
  --crl $pki/ca.crl --crl $pki/root.crl "$dir")
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
# xmlsec1: the first signature of each file (it verifies one per document) and its chain to the
# test root; no revocation (this build has no CRL option). As the issue asks: one file per
# xmlsec1, looped in one shell; and, for a stronger peer, 100 files per process, two at a time.
xmlsec_args="--verify --trusted-pem $pki/root-cert.pem --untrusted-pem $pki/ca-cert.pem --id-attr:Id urn:hocba:hocbaso:1.0:QuaTrinhHocTap"
xmlsec_loop=$(measure xmlsec1-loop sh -c "find '$dir' -name '*.xml' | while read -r f; do xmlsec1 $xmlsec_args \"\$f\"; done")
xmlsec_batched=$(measure xmlsec1-batched sh -c "find '$dir' -name '*.xml' -print0 | xargs -0 -n 100 -P 2 xmlsec1 $xmlsec_args")
python3 - "$files" "$hocba" "$hocba_1" "$python_batch" "$xmlsec_loop" "$xmlsec_batched" <<'PY'
import sys
files = int(sys.argv[1])
rows = [a.split() for a in sys.argv[2:]]
rate = {r[0]: files / float(r[1]) for r in rows}
print(f"| verifier | files | seconds | files/s | peak RSS (MiB) |")
print(f"|---|---:|---:|---:|---:|")
for name, seconds, rss in rows:
    print(f"| {name} | {files} | {float(seconds):.1f} | {files / float(seconds):,.0f} | {int(rss) / 1024:.0f} |")
for peer in ("xmlsec1-loop", "xmlsec1-batched"):
    print(f"\nhocba / {peer} files per second: {rate['hocba'] / rate[peer]:.2f}x")
print(f"\nPython verify_many / hocba verify, both two threads, files per second: "
      f"{rate['python-verify-many'] / rate['hocba']:.2f}x")
print(f"hocba --jobs 2 / --jobs 1 files per second: {rate['hocba'] / rate['hocba-jobs-1']:.2f}x")
PY
