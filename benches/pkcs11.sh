#!/usr/bin/env bash
# Signing with a USB token (PKCS#11): N unsigned transcripts of one class (default 1,000) signed
# as GVCN (homeroom teacher) for their school year, with the test PKI's gvcn key (RSA-2048,
# RSA-SHA256) in a file and on a SoftHSM2 token, in one process (`hocba sign --out-dir`, one token
# session and one login for the class) and one process per file; beside the token's raw signing
# rate in the same run: N C_Sign calls with the same key and mechanism in one session
# (cli/examples/pkcs11_raw_sign.rs). Every measurement is repeated ROUNDS times (default 3),
# interleaved; the table gives the median wall time of each. Prints the table and the ratios.
# usage: bash benches/pkcs11.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
rounds=${2:-3}
root=target/bench-pkcs11
module=/usr/lib/softhsm/libsofthsm2.so
pki=test-vectors/pki
hocba=target/release/hocba
cargo build --release --locked -q -p hocba-cli --bins --examples

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with changes)')" >&2
echo "== load at the start:$(uptime | sed 's/.*load average//')" >&2

# A fresh token store (scripts/softhsm-token.sh: token hocba-test, key and certificate gvcn,
# the CA's certificate; PIN in $root/token/pin).
bash scripts/softhsm-token.sh "$root/token"
export SOFTHSM2_CONF="$PWD/$root/token/softhsm2.conf"
uri="pkcs11:token=hocba-test;object=gvcn?module-path=$module&pin-source=file:$PWD/$root/token/pin"

class=$root/class-$n
if [ ! -f "$class.year" ]; then
  echo "== generating $n unsigned transcripts into $class" >&2
  rm -rf "$class"
  target/release/examples/generate_class "$n" "$class" >"$class.year.tmp"
  mv "$class.year.tmp" "$class.year"
fi
year=$(cat "$class.year")
bytes=$(cat "$class"/*.xml | wc -c)
echo "== $n transcripts, school year $year, $((bytes / n)) bytes each on average" >&2

# The signer's certificate is checked before each signature, offline: its path to the test root
# and the CRLs (the CLI's default; no network).
trust=(--trust $pki/root-cert.pem --untrusted $pki/ca-cert.pem --crl $pki/ca.crl --crl $pki/root.crl)
software=(--key $pki/gvcn-key.pem --cert $pki/gvcn-cert.pem --cert $pki/ca-cert.pem)
token=(--pkcs11 "$uri")
sign=(sign --year "$year" --role gvcn)

results=$root/results.tsv
: >"$results"
check() { # out-dir: every transcript signed
  local got
  got=$(find "$1" -name '*.xml' | wc -l)
  [ "$got" -eq "$n" ] || { echo "$1: $got files, expected $n" >&2; exit 1; }
}
timed() { # label round command...: wall time and CPU time (user + system, children included)
  local label=$1 round=$2 log=$root/time.txt
  shift 2
  /usr/bin/time -f '%e %U %S' -o "$log" "$@"
  read -r wall user system <"$log"
  echo -e "$label\t$round\t$wall\t$(echo "$user + $system" | bc)" >>"$results"
}
outdir() { # label: where its outputs go; *-tmpfs in memory (no disk under the fsync of each output)
  case $1 in
    *-tmpfs) echo "/dev/shm/hocba-bench-pkcs11/$1" ;;
    *) echo "$root/out/$1" ;;
  esac
}
one_process() { # label round key-args...
  local label=$1 round=$2 out
  out=$(outdir "$1")
  shift 2
  rm -rf "$out"
  timed "$label" "$round" $hocba "${sign[@]}" "$@" --out-dir "$out" "$class" 2>"$root/$label.log"
  check "$out"
}
per_file() { # label round key-args...: one hocba per file, looped in one shell
  local label=$1 round=$2 out
  out=$(outdir "$1")
  shift 2
  rm -rf "$out"
  mkdir -p "$out"
  # shellcheck disable=SC2016
  timed "$label" "$round" bash -c 'class=$1 out=$2; shift 2
    for f in "$class"/*.xml; do "$@" "$f" "$out/${f##*/}" || exit 1; done' \
    - "$class" "$out" $hocba "${sign[@]}" "$@" 2>"$root/$label.log"
  check "$out"
}

for round in $(seq "$rounds"); do
  echo "== round $round/$rounds" >&2
  read -r _ wall cpu < <(target/release/examples/pkcs11_raw_sign $module hocba-test gvcn "$root/token/pin" "$n")
  echo -e "raw-c-sign\t$round\t$wall\t$cpu" >>"$results"
  one_process token-one "$round" "${token[@]}" "${trust[@]}"
  one_process software-one "$round" "${software[@]}" "${trust[@]}"
  one_process token-one-notrust "$round" "${token[@]}" --no-trust-check
  one_process token-one-tmpfs "$round" "${token[@]}" "${trust[@]}"
  per_file token-per-file "$round" "${token[@]}" "${trust[@]}"
  per_file software-per-file "$round" "${software[@]}" "${trust[@]}"
done
echo "== load at the end:$(uptime | sed 's/.*load average//')" >&2

# What was signed verifies: in every file of the last round's outputs, one signature, the GVCN's,
# valid for `hocba verify --json` (path to the test root, the CRLs), the one problem reported
# being the principal's signature the year still lacks; and the first file of each with xmlsec1.
# The token runs logged in once.
[ "$(grep -c 'logged in' "$root/token-one.log")" -eq 1 ] || { echo "token-one: not one login" >&2; exit 1; }
for label in token-one software-one token-one-notrust token-one-tmpfs token-per-file software-per-file; do
  # (exit code 1: each year still lacks the principal's signature; the reports say what is checked)
  { $hocba verify --json "${trust[@]}" "$(outdir $label)" || true; } | python3 -c '
import json, sys
n, label, good = int(sys.argv[1]), sys.argv[2], 0
for line in sys.stdin:
    report = json.loads(line)
    if report.get("kind") == "summary":
        continue
    sigs = report["signatures"]
    # Only the GVCN has signed: the one problem is the principal signature the profile still wants.
    if (len(sigs) == 1 and sigs[0]["verdict"] == "valid" and sigs[0]["place"].endswith("/GVCN")
            and [p["code"] for p in report["problems"]] == ["transcript-profile"]):
        good += 1
if good != n:
    sys.exit(f"{label}: {good} files with a valid GVCN signature, expected {n}")
' "$n" "$label"
  first=$(find "$(outdir $label)" -name '*.xml' | sort | sed -n 1p)
  xmlsec1 --verify --id-attr:Id urn:hocba:hocbaso:1.0:QuaTrinhHocTap --pubkey-cert-pem $pki/gvcn-cert.pem \
    "$first" >/dev/null 2>&1 || { echo "$label: xmlsec1 does not verify $first" >&2; exit 1; }
done
rm -rf /dev/shm/hocba-bench-pkcs11
echo "== checked: $n valid GVCN signatures in each output folder (hocba verify), xmlsec1 verifies the first of each" >&2

python3 - "$n" "$results" <<'PY'
import statistics, sys
n = int(sys.argv[1])
runs, cpus = {}, {}
for line in open(sys.argv[2]):
    label, _, wall, cpu = line.split("\t")
    runs.setdefault(label, []).append(float(wall))
    cpus.setdefault(label, []).append(float(cpu))
med = {k: statistics.median(v) for k, v in runs.items()}
cpu = {k: statistics.median(v) for k, v in cpus.items()}
names = [
    ("raw-c-sign", "raw C_Sign, one session (pkcs11_raw_sign)"),
    ("token-one", "token, one process (--pkcs11 --out-dir)"),
    ("token-one-notrust", "token, one process, --no-trust-check"),
    ("token-one-tmpfs", "token, one process, outputs on tmpfs"),
    ("software-one", "software key, one process (--key --out-dir)"),
    ("token-per-file", "token, one process per file"),
    ("software-per-file", "software key, one process per file"),
]
print(f"| what | signatures | wall s (median) | per second | ms each | CPU ms each | wall s of the runs |")
print(f"|---|---:|---:|---:|---:|---:|---|")
for key, name in names:
    s = med[key]
    print(f"| {name} | {n:,} | {s:.2f} | {n / s:,.0f} | {1000 * s / n:.3f} | {1000 * cpu[key] / n:.3f} | {', '.join(f'{x:.2f}' for x in runs[key])} |")
ms = {k: 1000 * v / n for k, v in med.items()}
print()
overhead = ms["token-one"] / ms["raw-c-sign"] - 1
print(f"token path per transcript / raw C_Sign per signature: {ms['token-one']:.3f} / {ms['raw-c-sign']:.3f} ms = "
      f"{ms['token-one'] / ms['raw-c-sign']:.3f}: overhead {100 * overhead:.1f}% (target < 10%: {'met' if overhead < 0.10 else 'NOT met'})")
o2 = ms["token-one-notrust"] / ms["raw-c-sign"] - 1
print(f"  the same with --no-trust-check: {ms['token-one-notrust']:.3f} ms = {ms['token-one-notrust'] / ms['raw-c-sign']:.3f} (overhead {100 * o2:.1f}%)")
o3 = ms["token-one-tmpfs"] / ms["raw-c-sign"] - 1
print(f"  the same with the outputs on tmpfs: {ms['token-one-tmpfs']:.3f} ms = {ms['token-one-tmpfs'] / ms['raw-c-sign']:.3f} (overhead {100 * o3:.1f}%)")
cms = {k: 1000 * v / n for k, v in cpu.items()}
print(f"  in CPU time: {cms['token-one']:.3f} / {cms['raw-c-sign']:.3f} ms = {cms['token-one'] / cms['raw-c-sign']:.3f} "
      f"(overhead {100 * (cms['token-one'] / cms['raw-c-sign'] - 1):.1f}%)")
print(f"software key / token, one process, transcripts per second: {ms['token-one'] / ms['software-one']:.2f}x")
print(f"software key / token, one process per file: {ms['token-per-file'] / ms['software-per-file']:.2f}x")
print(f"one process / one process per file, token: {ms['token-per-file'] / ms['token-one']:.1f}x")
print(f"one process / one process per file, software key: {ms['software-per-file'] / ms['software-one']:.1f}x")
PY
