#!/usr/bin/env bash
# Paper copies for a class: N signed transcripts (benches/batch.sh's generator, the valid ones)
# rendered with `hocba render`, one process per file as a clerk's script runs it, then the N copies
# verified in one `hocba verify --jobs 2` (the transcript read out of each PDF). Prints files per
# second and peak memory (max RSS of any one process, GNU time) of each, and the copies' sizes.
# usage: bash benches/render.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-40}
pki=test-vectors/pki
work=target/bench-render
bin=${CARGO_TARGET_DIR:-target}/release
cargo build --release --locked -q -p hocba-cli --bins --example generate_batch
rm -rf "$work" && mkdir -p "$work/copies"
"$bin"/examples/generate_batch $((n + n / 4 + 4)) "$work/class" "$pki" >/dev/null
# The manifest's valid files, the first N.
mapfile -t files < <(awk -F'\t' -v dir="$work/class" 'NR > 1 && $2 == "valid" { print dir "/" $1 }' "$work/class/manifest.tsv" | head -n "$n")
[ ${#files[@]} -eq "$n" ] || { echo "render.sh: only ${#files[@]} valid files generated" >&2; exit 1; }
trust=(--trust $pki/root-cert.pem --crl $pki/ca.crl --crl $pki/root.crl)

peak=0
start=$(date +%s.%N)
for file in "${files[@]}"; do
  out="$work/copies/$(basename "$file" .xml).pdf"
  /usr/bin/time -f '%M' -o "$work/rss" "$bin"/hocba render "${trust[@]}" "$file" -o "$out" >/dev/null
  rss=$(tail -1 "$work/rss")
  [ "$rss" -gt "$peak" ] && peak=$rss
done
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
printf 'render  %d files  %.2f s  %.1f files/s  peak RSS %d KiB  copies %s KiB in all\n' \
  "$n" "$seconds" "$(echo "$n / $seconds" | bc -l)" "$peak" "$(du -sk "$work/copies" | cut -f1)"

copies=("$work"/copies/*.pdf)
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/rss" "$bin"/hocba verify --jobs 2 --quiet "${trust[@]}" "${copies[@]}" >/dev/null
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
printf 'verify  %d copies  %.2f s  %.1f files/s  peak RSS %d KiB\n' \
  "${#copies[@]}" "$seconds" "$(echo "${#copies[@]} / $seconds" | bc -l)" "$(tail -1 "$work/rss")"
