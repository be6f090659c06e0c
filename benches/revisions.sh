#!/usr/bin/env bash
# Two revisions of the code measured in one run, on the same inputs, alternating, so that a
# refactoring can show it slowed nothing: parse + C14N, verify both signatures, sign (criterion,
# core/benches), and a batch of generated transcripts through `hocba verify` at one and two jobs.
# usage: bash benches/revisions.sh BEFORE [AFTER]   (AFTER: the working tree; BEFORE: a commit)
# The BEFORE revision is checked out into target/bench-revisions/before (a git worktree) and built
# there in release; both use the inputs in target/bench-inputs and target/bench-batch/N.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
before=${1:?usage: bash benches/revisions.sh BEFORE [AFTER]}
after=${2:-}
n=${BATCH_STUDENTS:-2000}
rounds=${ROUNDS:-3}
out=target/bench-revisions
mkdir -p "$out"

tree() { # label revision: a worktree of revision, or the working tree for an empty revision
  local label=$1 rev=$2
  if [ -z "$rev" ]; then echo "$repo"; return; fi
  local dir=$repo/$out/$label
  if [ ! -d "$dir" ]; then git worktree add --detach "$dir" "$rev" >&2; else git -C "$dir" checkout -q --detach "$rev"; fi
  ln -sfn "$repo/../shared" "$repo/$out/shared"
  echo "$dir"
}
before_dir=$(tree before "$before")
after_dir=$(tree after "$after")
for dir in "$before_dir" "$after_dir"; do
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --release --locked -q -p hocba-cli --bins --example generate_batch \
    && CARGO_TARGET_DIR="$dir/target" cargo bench --locked -q -p hocba --no-run --bench dsig --bench c14n 2>/dev/null)
done

dir=target/bench-batch/$n
pki=test-vectors/pki
if [ ! -f "$dir/manifest.tsv" ]; then
  rm -rf "$dir"
  target/release/examples/generate_batch "$n" "$dir" "$pki" 2>/dev/null || "$after_dir/target/release/examples/generate_batch" "$n" "$dir" "$pki"
fi
files=$(find "$dir" -name '*.xml' | wc -l)
export HOCBA_BENCH_INPUTS=$repo/target/bench-inputs

results=$out/results.tsv
: > "$results"
for round in $(seq "$rounds"); do
  for label in before after; do
    src=$([ $label = before ] && echo "$before_dir" || echo "$after_dir")
    echo "== round $round: $label" >&2
    rm -rf "$src/target/criterion"
    (cd "$src" && CARGO_TARGET_DIR="$src/target" cargo bench --locked -q -p hocba --bench c14n -- --noplot 'parse\+c14n/' >/dev/null 2>&1 \
      && CARGO_TARGET_DIR="$src/target" cargo bench --locked -q -p hocba --bench dsig -- --noplot 'verify-30k-both|sign-30k' >/dev/null 2>&1)
    for estimate in "$src"/target/criterion/*/*/new/estimates.json; do
      name=$(echo "$estimate" | sed -E 's#.*/criterion/([^/]+)/([^/]+)/new/estimates.json#\1/\2#')
      median=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' "$estimate")
      printf '%s\t%s\t%s\t%s\n' "$label" "$round" "$name" "$median" >> "$results"
    done
    for jobs in 1 2; do
      start=$(date +%s.%N)
      "$src/target/release/hocba" verify --jobs $jobs --quiet --trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl "$dir" >/dev/null 2>&1 || true
      end=$(date +%s.%N)
      printf '%s\t%s\tbatch/jobs-%s\t%s\n' "$label" "$round" "$jobs" "$(python3 -c "print(($end - $start) * 1e9 / $files)")" >> "$results"
    done
  done
done

python3 - "$results" "$files" <<'PY'
import collections, statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
times = collections.defaultdict(list)
for label, _, name, ns in rows:
    times[(name, label)].append(float(ns))
names = sorted({name for _, _, name, _ in rows})
print(f"{len(set(r[1] for r in rows))} rounds, alternating; batch: {sys.argv[2]} files; medians per operation\n")
print("| operation | before | after | after / before (time) |")
print("|---|---:|---:|---:|")
for name in names:
    b, a = times.get((name, "before")), times.get((name, "after"))
    if not b or not a:
        continue
    b, a = statistics.median(b), statistics.median(a)
    unit = lambda ns: f"{ns / 1e3:,.1f} µs" if ns < 1e6 else f"{ns / 1e6:,.2f} ms"
    print(f"| {name} | {unit(b)} | {unit(a)} | {a / b:.2f} |")
PY
