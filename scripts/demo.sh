#!/usr/bin/env bash
# The main job: sign the sample transcript as the homeroom teacher (GVCN), then as the principal
# (Hiệu trưởng, countersigning), with the bundled test keys; verify both signatures; print the result.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p hocba-cli
hocba=target/release/hocba
keys=test-vectors/keys
sample=test-vectors/samples/hoc-ba-mau.xml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== GVCN ký (RSA-2048, rsa-sha256) / the homeroom teacher signs" >&2
"$hocba" sign --key $keys/rsa2048-key.pem --cert $keys/rsa2048-cert.pem \
  --reference-id data-1 --into DSCKS/GVCN "$sample" "$out/gvcn.xml"
echo "== Hiệu trưởng ký (ECDSA P-256), ký xác nhận chữ ký GVCN / the principal signs and countersigns" >&2
"$hocba" sign --key $keys/p256-key.pem --cert $keys/p256-cert.pem \
  --reference-id data-1 --into DSCKS/HieuTruong --countersign sig-GVCN-SignatureValue \
  "$out/gvcn.xml" "$out/signed.xml"
echo "== Kiểm tra / verify" >&2
checks=(--cert $keys/rsa2048-cert.pem --cert $keys/p256-cert.pem --require data-1@HocBa/DuLieuHocBa
        --signature-place DSCKS/GVCN --signature-place DSCKS/HieuTruong)
"$hocba" verify "${checks[@]}" "$out/signed.xml"
echo "== Kết quả JSON / as JSON" >&2
"$hocba" verify --json "${checks[@]}" "$out/signed.xml"

# The whole transcript (issue 4): a THCS transcript of four school years, each signed by its GVCN and
# its principal under the profile (schemas/PROFILE.md), verified, and a changed score caught.
echo "== Học bạ số đầy đủ / the full transcript: hocba demo" >&2
"$hocba" demo --keys $keys
