#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each) on the nightly toolchain.
# usage: bash fuzz/run.sh [SECONDS] [TARGET ...]
# Seeds: the committed ones in fuzz/seeds/, the samples in test-vectors/, and the third-party
# C14N and XMLDSig vectors in ../shared/vectors when present. Crashes land in fuzz/artifacts/;
# each one found becomes a regression test in core/tests/ before it is fixed.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(xml_reader c14n dsig_verify dsig_sign pki_parse pki_paths transcript approvals)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
shared=../../shared/vectors
for target in "${targets[@]}"; do
  corpus=corpus/$target
  mkdir -p "$corpus"
  cp -n seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  case $target in
    xml_reader|c14n|dsig_sign)
      cp -n ../test-vectors/samples/*.xml "$corpus"/ 2>/dev/null || true
      [ -d "$shared" ] && find "$shared/c14n" -name '*.xml' -exec cp -n {} "$corpus"/ \; || true
      ;;
    transcript)
      cp -n ../test-vectors/transcripts/*.xml ../test-vectors/transcripts/signed/*.xml ../test-vectors/samples/*.xml "$corpus"/ 2>/dev/null || true
      ;;
    pki_parse)
      cp -n ../test-vectors/pki/*.der ../test-vectors/pki/*.cer ../test-vectors/pki/ocsp/*.der "$corpus"/ 2>/dev/null || true
      ;;
    pki_paths)
      # Each seed: certificates from the test PKI, each as a 2-byte big-endian length and its DER.
      pki=../test-vectors/pki
      for chain in "gvcn ca" "hieutruong ca root" "ocsp ca" "tsa ca" "other-gvcn other-root ca" "ltv ca ca" "ca root"; do
        seed="$corpus/chain-${chain// /-}"
        [ -e "$seed" ] && continue
        for name in $chain; do
          openssl x509 -in "$pki/$name-cert.pem" -outform DER -out "$seed.der"
          size=$(stat -c %s "$seed.der")
          printf "\\$(printf %03o $((size >> 8)))\\$(printf %03o $((size & 255)))" >>"$seed"
          cat "$seed.der" >>"$seed"
          rm "$seed.der"
        done
      done
      ;;
  esac
  echo "== fuzz $target for ${seconds}s" >&2
  cargo +nightly fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10
done
