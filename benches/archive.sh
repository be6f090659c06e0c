#!/usr/bin/env bash
# What an archive time-stamp costs verification: the demo's transcript (four years, twelve
# time-stamped signatures with validation data, about 290 KiB) with its archive time-stamp, and the
# same transcript without it, N copies each, verified offline with `hocba verify --jobs 1`,
# alternating, ROUNDS times each, in one run. Prints the median seconds and files per second of
# each, and the ratio. Starts the test PKI's servers to sign (and stops them if it started them).
# usage: bash benches/archive.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
rounds=${2:-3}
pki=test-vectors/pki
work=target/bench-archive
cargo build --release --locked -q -p hocba-cli
started=0
if ! bash $pki/serve.sh status >/dev/null 2>&1; then
  bash $pki/serve.sh start >/dev/null
  started=1
fi
rm -rf "$work" && mkdir -p "$work/with" "$work/without"
env -u NO_PROXY -u no_proxy HTTP_PROXY="$(bash $pki/serve.sh url)" \
  target/release/hocba demo --pki $pki --online --tsa http://127.0.0.1:18080/tsa --out "$work/stamped.xml" >/dev/null
[ $started = 1 ] && bash $pki/serve.sh stop >/dev/null
python3 - "$work" <<'EOF'
import sys
work = sys.argv[1]
text = open(f"{work}/stamped.xml", encoding="utf-8").read()
start = text.index("<hp:ArchiveTimeStamps")
end = text.index("</hp:ArchiveTimeStamps>") + len("</hp:ArchiveTimeStamps>")
open(f"{work}/plain.xml", "w", encoding="utf-8").write(text[:start] + text[end:])
EOF
for i in $(seq 1 "$n"); do
  cp "$work/stamped.xml" "$work/with/$i.xml"
  cp "$work/plain.xml" "$work/without/$i.xml"
done
common=(verify --jobs 1 --quiet --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl)
# Both must verify valid, the stamped one with its archive time-stamp proving its time.
target/release/hocba "${common[@]}" "$work/with" >/dev/null
target/release/hocba "${common[@]}" "$work/without" >/dev/null
target/release/hocba verify --json --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl "$work/with/1.xml" \
  | grep -q '"proves":true' || { echo "the archive time-stamp does not prove its time" >&2; exit 1; }
measure() { # label dir: prints "label seconds"
  local start end
  start=$(date +%s%N)
  target/release/hocba "${common[@]}" "$2" >/dev/null
  end=$(date +%s%N)
  echo "$1 $(( (end - start) / 1000000 ))"
}
results=$(for _ in $(seq 1 "$rounds"); do measure without "$work/without"; measure with "$work/with"; done)
python3 - "$n" <<EOF
import statistics, sys
n = int(sys.argv[1])
runs = {}
for line in """$results""".splitlines():
    label, ms = line.split()
    runs.setdefault(label, []).append(int(ms) / 1000)
median = {label: statistics.median(times) for label, times in runs.items()}
for label in ("without", "with"):
    print(f"{label:8} archive time-stamp: median {median[label]:.2f} s, {n / median[label]:.0f} files/s  {runs[label]}")
print(f"with/without: {median['with'] / median['without']:.2f}")
EOF
