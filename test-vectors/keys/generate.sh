#!/usr/bin/env bash
# Regenerates the software test keys and their self-signed certificates (tests only; the test PKI
# that mirrors the government one lives in test-vectors/pki/). Needs the openssl CLI.
set -euo pipefail
cd "$(dirname "$0")"
subject() { echo "/C=VN/ST=Hà Nội/O=Trường THCS Nguyễn Trãi (thử nghiệm)/CN=$1"; }
gen() {
  local name=$1 cn=$2; shift 2
  openssl genpkey "$@" -out "$name-key.pem" 2>/dev/null
  openssl req -new -x509 -key "$name-key.pem" -out "$name-cert.pem" -days 36500 -utf8 \
    -subj "$(subject "$cn")" -addext "keyUsage=critical,digitalSignature,nonRepudiation" 2>/dev/null
}
gen rsa2048 "Nguyễn Thị Ánh (GVCN)" -algorithm RSA -pkeyopt rsa_keygen_bits:2048
gen p256 "Trần Văn Bình (Hiệu trưởng)" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
gen p384 "Lê Thu Hằng" -algorithm EC -pkeyopt ec_paramgen_curve:P-384
gen p521 "Phạm Quốc Dũng" -algorithm EC -pkeyopt ec_paramgen_curve:P-521
# The same RSA key in the other encodings the loaders read.
openssl pkcs8 -topk8 -nocrypt -in rsa2048-key.pem -outform DER -out rsa2048-key.der
openssl rsa -in rsa2048-key.pem -traditional -out rsa2048-key-pkcs1.pem 2>/dev/null
openssl rsa -in rsa2048-key.pem -traditional -outform DER -out rsa2048-key-pkcs1.der 2>/dev/null
openssl x509 -in rsa2048-cert.pem -outform DER -out rsa2048-cert.der
openssl ec -in p256-key.pem -out p256-key-sec1.pem 2>/dev/null
openssl pkcs12 -export -inkey rsa2048-key.pem -in rsa2048-cert.pem -passout pass:hocba-test -out rsa2048.p12
echo "hocba-test" > rsa2048.p12.password
# A key below every size floor, for the refusal tests.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 2>/dev/null | openssl pkey -pubout -out rsa512-pub.pem
# Other RSA shapes for the RSA verification tests (core/src/crypto/rsassa.rs): a modulus one bit over
# a byte boundary (PSS encodes one octet shorter than the signature; OpenSSL rounds such sizes down
# above 2048 bits, so 1025), a small public exponent, 4096 bits.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1025 -out rsa1025-key.pem 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -pkeyopt rsa_keygen_pubexp:3 -out rsa3072-e3-key.pem 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out rsa4096-key.pem 2>/dev/null
