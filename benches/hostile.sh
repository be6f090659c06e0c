#!/usr/bin/env bash
# Hostile inputs against `hocba verify`: each must be refused within bounded time and memory.
# Kinds: huge text, deep nesting, many attributes, a huge attribute, many elements, billion laughs
# padded with entity references; each at 50 MB (over the reader's 16 MiB input limit) and at 15 MiB
# (under it, so the parser runs). Controls: the signed corpus transcript, and the same padded with a
# 15 MiB comment (read, canonicalized and verified in full; a comment is not content, so both must
# verify). Every other input must be refused. The peer, measured in the same run on the same files:
# xmlsec1 --verify (libxml2), the verifier the interop tests use.
#
# usage: bash benches/hostile.sh            (table: target/bench-results/hostile-table.md; then
#        benches/hostile-budgets.sh: the work budgets and hostile batch input)
# Fails if hocba accepts a hostile input, or exceeds the bounds below.
set -euo pipefail
cd "$(dirname "$0")/.."
max_seconds=${MAX_SECONDS:-5}
max_rss_mb=${MAX_RSS_MB:-200}
# The peer gets at most this long per input (libxml2's duplicate-attribute check is quadratic).
peer_seconds=${PEER_SECONDS:-60}
cargo build --release --locked -p hocba-cli >&2
bin=target/release/hocba
dir=target/bench-inputs/hostile
out=target/bench-results
mkdir -p "$dir" "$out"

python3 - "$dir" test-vectors/attacks/genuine.xml <<'EOF'
import os, sys
dir, genuine = sys.argv[1], open(sys.argv[2], 'rb').read()
MB50, MB15 = 50 * 1000 * 1000, 15 * 1024 * 1024
head = b'<?xml version="1.0" encoding="UTF-8"?>\n<HocBa xmlns="urn:hocba:hocbaso:1.0">'
tail = b'</HocBa>'

def write(name, parts):
    path = os.path.join(dir, name)
    with open(path, 'wb') as f:
        for part in parts:
            f.write(part)

def kinds(size, tag):
    n = size - len(head) - len(tail) - 16
    write(f'huge-text-{tag}.xml', [head, b'<x>', b'a' * n, b'</x>', tail])
    depth = n // 7
    write(f'deep-nesting-{tag}.xml', [head, b'<a>' * depth, b'</a>' * depth, tail])
    count = n // 12
    write(f'many-attributes-{tag}.xml', [head, b'<x', b''.join(b' a%07d=""' % i for i in range(count)), b'/>', tail])
    write(f'huge-attribute-{tag}.xml', [head, b'<x a="', b'a' * n, b'"/>', tail])
    write(f'many-elements-{tag}.xml', [head, b'<a/>' * (n // 4), tail])
    laughs = b'<!DOCTYPE HocBa [<!ENTITY lol0 "lol">' + b''.join(
        b'<!ENTITY lol%d "%s">' % (i, (b'&lol%d;' % (i - 1)) * 10) for i in range(1, 10)) + b']>'
    write(f'billion-laughs-{tag}.xml', [b'<?xml version="1.0"?>\n', laughs, b'<HocBa>', b'&lol9;' * (n // 6), tail])

kinds(MB50, '50mb')
kinds(MB15, '15mib')
# The signed transcript with a comment of 15 MiB inside the root element: well-formed, within
# every limit, so the whole verification runs.
at = genuine.index(b'<ThongTinBanGhi>')
pad = MB15 - len(genuine) - 9
write('signed-transcript-with-15mib-comment.xml', [genuine[:at], b'<!--', b'c' * pad, b'-->', genuine[at:]])
write('signed-transcript.xml', [genuine])
EOF

trust=(--trust test-vectors/pki/root-cert.pem --crl test-vectors/pki/ca.crl --crl test-vectors/pki/root.crl --at 2026-07-01T00:00:00Z)
measure() { # label command... -> "exit seconds rss_kb" on stdout, the command's stderr first line to $dir/label.err
  local label=$1; shift
  set +e
  /usr/bin/time -f '%e %M' -o "$dir/$label.time" "$@" >"$dir/$label.out" 2>"$dir/$label.err"
  local code=$?
  set -e
  echo "$code $(tail -1 "$dir/$label.time")"
}
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "—" }'; }

table=$out/hostile-table.md
{
  echo "host: $(uname -srm), $(nproc) cores  "
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  "
  echo "hocba: $($bin --version), release build; peer: $(xmlsec1 --version | head -1)"
  echo
  echo "| input | bytes | hocba: exit, refusal | hocba s | hocba max RSS MB | xmlsec1 exit | xmlsec1 s | xmlsec1 max RSS MB | time hocba/xmlsec1 | RSS hocba/xmlsec1 |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$table"
failed=0
for file in "$dir"/*.xml; do
  name=$(basename "$file" .xml)
  bytes=$(stat -c %s "$file")
  read -r code secs rss < <(measure "$name.hocba" "$bin" verify "${trust[@]}" "$file")
  read -r pcode psecs prss < <(measure "$name.xmlsec1" timeout "$peer_seconds" xmlsec1 --verify --trusted-pem test-vectors/pki/root-cert.pem \
    --untrusted-pem test-vectors/pki/ca-cert.pem --id-attr:Id QuaTrinhHocTap --verification-time 2026-07-01+00:00:00 "$file")
  why=$(head -c 300 "$dir/$name.hocba.err" | head -1 | sed 's/^hocba: [^:]*: //; s/|/\\|/g')
  [ -n "$why" ] || why=$(grep -m1 -E '✗|^hocba: ' "$dir/$name.hocba.out" | sed 's/^ *//; s/^hocba: [^:]*: //; s/|/\\|/g' || true)
  echo "| $name | $bytes | $code: ${why:0:110} | $secs | $(mb "$rss") | $pcode | $psecs | $(mb "$prss") | $(ratio "$secs" "$psecs") | $(ratio "$rss" "$prss") |" >>"$table"
  expected_ok=false
  case $name in signed-transcript*) expected_ok=true ;; esac
  if $expected_ok; then
    [ "$code" = 0 ] || { echo "FAIL $name: the genuine transcript did not verify (exit $code)" >&2; failed=1; }
  elif [ "$code" = 0 ]; then
    echo "FAIL $name: accepted" >&2; failed=1
  fi
  awk -v s="$secs" -v m="$max_seconds" 'BEGIN { exit !(s > m) }' && { echo "FAIL $name: ${secs}s > ${max_seconds}s" >&2; failed=1; }
  [ "$rss" -le $((max_rss_mb * 1024)) ] || { echo "FAIL $name: max RSS $(mb "$rss") MB > $max_rss_mb MB" >&2; failed=1; }
done
cat "$table"
[ $failed = 0 ] || { echo "hostile inputs: bounds not met" >&2; exit 1; }
echo "hostile inputs: every one refused within ${max_seconds}s and ${max_rss_mb} MB" >&2
# Then the verifier's work budgets and hostile batch input, at the tighter pass line of those
# budgets (about a second, a few hundred MB).
BIN=$bin bash benches/hostile-budgets.sh
