#!/usr/bin/env bash
# A second time-stamping authority of the test CA whose certificate ends in 2032 (tsa-2032-cert.pem,
# serial 100A): signature time-stamps that stop proving anything in 2033, for the archive
# time-stamp tests (core/tests/archive.rs) that move the clock decades forward. Same subject
# pattern and extensions as tsa-cert.pem; appended to ca-index.txt so the OCSP responder knows it.
# Run after generate.sh (which wipes it); the servers answer at POST /tsa-2032.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/db/newcerts"
: >"$work/db/index.txt"
echo "unique_subject = no" >"$work/db/index.txt.attr"
echo 100A >"$work/db/serial"
cat >"$work/openssl.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $work/db/index.txt
serial = $work/db/serial
new_certs_dir = $work/db/newcerts
default_md = sha256
policy = policy_anything
preserve = yes
email_in_dn = no
copy_extensions = none
string_mask = utf8only
utf8 = yes
[ policy_anything ]
countryName = optional
organizationName = optional
commonName = supplied
[ tsa_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
certificatePolicies = 2.16.704.1.1.1.1.1
authorityInfoAccess = OCSP;URI:http://127.0.0.1:18081, caIssuers;URI:http://127.0.0.1:18080/ca.cer
crlDistributionPoints = URI:http://127.0.0.1:18080/ca.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash
CNF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out tsa-2032-key.pem 2>/dev/null
openssl req -new -utf8 -key tsa-2032-key.pem -subj "/C=VN/O=Ban Cơ yếu Chính phủ (thử nghiệm)/CN=Test TSA 2032 chuyên dùng Chính phủ" \
  -out "$work/tsa.csr"
OPENSSL_CONF="$work/openssl.cnf" openssl ca -config "$work/openssl.cnf" -batch -notext -utf8 \
  -cert ca-cert.pem -keyfile ca-key.pem -in "$work/tsa.csr" -out tsa-2032-cert.pem \
  -extensions tsa_ext -startdate 20240101000000Z -enddate 20321231235959Z 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
grep -v $'\t100A\t' ca-index.txt >"$work/index" || true
cat "$work/index" "$work/db/index.txt" >ca-index.txt
openssl verify -attime 1767225600 -CAfile root-cert.pem -untrusted ca-cert.pem -purpose timestampsign tsa-2032-cert.pem
