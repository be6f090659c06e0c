#!/usr/bin/env bash
# CRLs of the test CA whose issuing distribution point (RFC 5280, 5.2.5) limits what they speak
# about, for the CRL scope checks (core/tests/pki.rs). Signed by ca-key.pem over the CA's database
# as it is (ca-index.txt: 1003 "revoked" listed, keyCompromise); the rest of the PKI is unchanged.
# Run after generate.sh; writes ca-scope-*.crl (DER).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/db/newcerts"
cp ca-index.txt "$work/db/index.txt"
cp ca-index.txt.attr "$work/db/index.txt.attr"
echo 10 >"$work/db/crlnumber"
cat >"$work/openssl.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $work/db/index.txt
crlnumber = $work/db/crlnumber
new_certs_dir = $work/db/newcerts
default_md = sha256
[ other_point ]
issuingDistributionPoint = critical, @other_point_idp
[ other_point_idp ]
fullname = URI:http://127.0.0.1:18080/p2.crl
[ ca_only ]
issuingDistributionPoint = critical, @ca_only_idp
[ ca_only_idp ]
onlyCA = TRUE
[ some_reasons ]
issuingDistributionPoint = critical, @some_reasons_idp
[ some_reasons_idp ]
onlysomereasons = keyCompromise
[ matching ]
issuingDistributionPoint = critical, @matching_idp
[ matching_idp ]
fullname = URI:http://127.0.0.1:18080/ca.crl
onlyuser = TRUE
CNF
for scope in other_point ca_only some_reasons matching; do
  openssl ca -config "$work/openssl.cnf" -batch -gencrl -cert ca-cert.pem -keyfile ca-key.pem -crlexts "$scope" \
    -crl_lastupdate 20250602000000Z -crl_nextupdate 20991231235959Z -out "$work/$scope.pem" 2>"$work/ca.log" \
    || { cat "$work/ca.log" >&2; exit 1; }
  openssl crl -in "$work/$scope.pem" -outform DER -out "ca-scope-${scope//_/-}.crl"
done
ls -l ca-scope-*.crl
