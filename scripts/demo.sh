#!/usr/bin/env bash
# The main job: sign the sample transcript as the homeroom teacher (GVCN), then as the principal
# (Hiệu trưởng, countersigning), with the bundled test PKI: each signer's certificate is checked
# online (OCSP) before signing, each signature is time-stamped, and what was used is embedded.
# Then the servers stop and the transcript is verified offline, and the report printed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p hocba-cli
hocba=target/release/hocba
pki=test-vectors/pki
sample=test-vectors/samples/hoc-ba-mau.xml
out=$(mktemp -d)
bash $pki/serve.sh start >&2
trap 'bash $pki/serve.sh stop >/dev/null; rm -rf "$out"' EXIT

online=(--trust $pki/root-cert.pem --online --tsa http://127.0.0.1:18080/tsa --embed-validation-data)
echo "== GVCN ký (RSA-2048) / the homeroom teacher signs" >&2
"$hocba" sign "${online[@]}" --key $pki/gvcn-key.pem --cert $pki/gvcn-cert.pem --cert $pki/ca-cert.pem \
  --reference-id data-1 --into DSCKS/GVCN "$sample" "$out/gvcn.xml"
echo "== Hiệu trưởng ký (ECDSA P-256), ký xác nhận chữ ký GVCN / the principal signs and countersigns" >&2
"$hocba" sign "${online[@]}" --key $pki/hieutruong-key.pem --cert $pki/hieutruong-cert.pem --cert $pki/ca-cert.pem \
  --reference-id data-1 --into DSCKS/HieuTruong --countersign sig-GVCN-SignatureValue \
  "$out/gvcn.xml" "$out/signed.xml"
bash $pki/serve.sh stop >&2
echo "== Kiểm tra ngoại tuyến / verify offline (test root trusted)" >&2
checks=(--trust $pki/root-cert.pem --require data-1@HocBa/DuLieuHocBa
        --signature-place DSCKS/GVCN --signature-place DSCKS/HieuTruong)
"$hocba" verify "${checks[@]}" "$out/signed.xml"
echo "== Kết quả JSON / as JSON" >&2
"$hocba" verify --json "${checks[@]}" "$out/signed.xml"

# The whole transcript (issue 4): a THCS transcript of four school years, each signed by its GVCN and
# its principal under the profile (schemas/PROFILE.md), verified, and a changed score caught.
echo "== Học bạ số đầy đủ / the full transcript: hocba demo" >&2
"$hocba" demo --keys $keys
