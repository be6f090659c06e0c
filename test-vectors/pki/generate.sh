#!/usr/bin/env bash
# Regenerates the test PKI that mirrors the government one (VGCA RootCA G2 -> "CA phục vụ các cơ quan
# Nhà nước G2" -> signers), its CRLs, OCSP responses and CA database. Tests only: every private key here
# is public. Needs the OpenSSL 3.0 CLI (Debian bookworm). Wipes everything in this folder except the
# scripts and README.md, then writes it again; serials are fixed, keys and signatures are new each run.
# See README.md for what each file is and what a verifier must say about it.
set -euo pipefail
cd "$(dirname "$0")"

# Keep the scripts and the README; everything else is output.
find . -mindepth 1 -maxdepth 1 ! -name generate.sh ! -name generate-archive-tsa.sh ! -name generate-scoped-crls.sh ! -name serve.sh ! -name http_server.py ! -name README.md ! -name schools \
  -exec rm -rf {} +
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

http=http://127.0.0.1:18080
ocsp_url=http://127.0.0.1:18081
policy=2.16.704.1.1.1.1.1
org="Ban Cơ yếu Chính phủ (thử nghiệm)"
school="/C=VN/ST=Hà Nội/O=UBND phường Ba Đình/OU=Trường Tiểu học Kim Đồng"
long_start=20240101000000Z
long_end=20991231235959Z

# One openssl.cnf for every CA; the database folder comes from the environment (PKI_DB).
cat >"$work/openssl.cnf" <<EOF
[ ca ]
default_ca = test_ca

[ test_ca ]
database = \$ENV::PKI_DB/index.txt
serial = \$ENV::PKI_DB/serial
crlnumber = \$ENV::PKI_DB/crlnumber
new_certs_dir = \$ENV::PKI_DB/newcerts
default_md = sha256
default_crl_days = 25000
policy = policy_anything
# Keep the subject exactly as requested (order and attributes, including title).
preserve = yes
email_in_dn = no
unique_subject = no
copy_extensions = none
string_mask = utf8only
utf8 = yes
crl_extensions = crl_ext

[ policy_anything ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
title = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no

[ req_dn ]
CN = unused

[ crl_ext ]
authorityKeyIdentifier = keyid:always

[ root_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ ca_ext ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
certificatePolicies = $policy
authorityInfoAccess = caIssuers;URI:$http/root.cer
crlDistributionPoints = URI:$http/root.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

[ signer_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
certificatePolicies = $policy
authorityInfoAccess = OCSP;URI:$ocsp_url, caIssuers;URI:$http/ca.cer
crlDistributionPoints = URI:$http/ca.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

[ nokeyusage_ext ]
keyUsage = critical, keyEncipherment
certificatePolicies = $policy
authorityInfoAccess = OCSP;URI:$ocsp_url, caIssuers;URI:$http/ca.cer
crlDistributionPoints = URI:$http/ca.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

[ ocsp_ext ]
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
authorityInfoAccess = caIssuers;URI:$http/ca.cer
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

[ tsa_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
certificatePolicies = $policy
authorityInfoAccess = OCSP;URI:$ocsp_url, caIssuers;URI:$http/ca.cer
crlDistributionPoints = URI:$http/ca.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

# A signer certificate from a CA nobody trusts: same extensions, no pointers to our servers.
[ forged_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
certificatePolicies = $policy
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

[ selfsigned_leaf_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
certificatePolicies = $policy
subjectKeyIdentifier = hash
EOF
export OPENSSL_CONF="$work/openssl.cnf" PKI_DB="$work/unused"  # each `openssl ca` sets PKI_DB

# new_db NAME FIRST_SERIAL_HEX: an empty openssl-ca database in $work/NAME.
new_db() {
  mkdir -p "$work/$1/newcerts"
  : >"$work/$1/index.txt"
  echo "unique_subject = no" >"$work/$1/index.txt.attr"
  echo "$2" >"$work/$1/serial"
  echo 01 >"$work/$1/crlnumber"
}

# key NAME rsa:BITS|ec: writes NAME-key.pem (unencrypted PKCS#8).
key() {
  case $2 in
    rsa:*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa:}" -out "$1-key.pem" 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-key.pem" 2>/dev/null ;;
  esac
}

# issue DB NAME SUBJECT EXT START END [ISSUER]: NAME-cert.pem signed by ISSUER's key (self-signed when
# ISSUER is empty), from a CSR made with NAME-key.pem.
issue() {
  local db=$1 name=$2 subj=$3 ext=$4 start=$5 end=$6 issuer=${7:-}
  openssl req -new -utf8 -key "$name-key.pem" -subj "$subj" -out "$work/$name.csr"
  local signer=(-selfsign -keyfile "$name-key.pem")
  [ -n "$issuer" ] && signer=(-cert "$issuer-cert.pem" -keyfile "$issuer-key.pem")
  PKI_DB="$work/$db" openssl ca -batch -notext -utf8 "${signer[@]}" -in "$work/$name.csr" -out "$name-cert.pem" \
    -extensions "$ext" -startdate "$start" -enddate "$end" 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
}

echo "== roots and the intermediate"
new_db root 01
key root rsa:4096
issue root root "/C=VN/O=$org/CN=Test RootCA chuyên dùng Chính phủ G2" root_ext 20200101000000Z "$long_end"
key ca rsa:2048
issue root ca "/C=VN/O=$org/CN=Test CA phục vụ các cơ quan Nhà nước G2" ca_ext 20200101000000Z "$long_end" root

echo "== leaves of ca"
new_db ca 1001
key gvcn rsa:2048
issue ca gvcn "$school/title=Giáo viên chủ nhiệm/CN=Nguyễn Thị Hoa" signer_ext "$long_start" "$long_end" ca
key hieutruong ec
issue ca hieutruong "$school/title=Hiệu trưởng/CN=Trần Văn Minh" signer_ext "$long_start" "$long_end" ca
key revoked rsa:2048
issue ca revoked "$school/title=Giáo viên chủ nhiệm/CN=Phạm Quốc Bảo" signer_ext "$long_start" "$long_end" ca
key expired rsa:2048
issue ca expired "$school/title=Giáo viên chủ nhiệm/CN=Đỗ Thị Lan" signer_ext 20200101000000Z 20211231235959Z ca
key notyetvalid rsa:2048
issue ca notyetvalid "$school/title=Giáo viên chủ nhiệm/CN=Vũ Đức Thắng" signer_ext 20900101000000Z "$long_end" ca
key nokeyusage rsa:2048
issue ca nokeyusage "$school/title=Giáo viên chủ nhiệm/CN=Hoàng Thị Mai" nokeyusage_ext "$long_start" "$long_end" ca
key ltv rsa:2048
issue ca ltv "$school/title=Giáo viên chủ nhiệm/CN=Bùi Thị Ngọc Ánh" signer_ext 20250101000000Z 20301231235959Z ca
key ocsp rsa:2048
issue ca ocsp "/C=VN/O=$org/CN=Test OCSP chuyên dùng Chính phủ" ocsp_ext "$long_start" "$long_end" ca
key tsa rsa:2048
issue ca tsa "/C=VN/O=$org/CN=Test TSA chuyên dùng Chính phủ" tsa_ext "$long_start" "$long_end" ca

echo "== the untrusted hierarchy"
new_db other 01
key other-root rsa:2048
issue other other-root "/C=VN/CN=Kẻ giả mạo Root CA" root_ext 20200101000000Z "$long_end"
# Same subject AND serial as gvcn: only the issuer (and its key) tells them apart.
echo 1001 >"$work/other/serial"
key other-gvcn rsa:2048
issue other other-gvcn "$school/title=Giáo viên chủ nhiệm/CN=Nguyễn Thị Hoa" forged_ext "$long_start" "$long_end" other-root
new_db selfsigned 1001
key selfsigned-gvcn rsa:2048
issue selfsigned selfsigned-gvcn "$school/title=Giáo viên chủ nhiệm/CN=Nguyễn Thị Hoa" selfsigned_leaf_ext \
  "$long_start" "$long_end"

echo "== revocation: revoked-cert.pem on 2025-06-01 00:00:00Z, keyCompromise"
PKI_DB="$work/ca" openssl ca -batch -cert ca-cert.pem -keyfile ca-key.pem -revoke revoked-cert.pem \
  -crl_reason keyCompromise 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
# `openssl ca -revoke` stamps the current time; the fixture's revocation time is fixed.
revoked_serial=$(openssl x509 -in revoked-cert.pem -noout -serial | cut -d= -f2)
awk -F'\t' -v OFS='\t' -v s="$revoked_serial" '$4 == s { $3 = "250601000000Z,keyCompromise" } { print }' \
  "$work/ca/index.txt" >"$work/ca/index.new"
mv "$work/ca/index.new" "$work/ca/index.txt"
grep -q "	250601000000Z,keyCompromise	$revoked_serial	" "$work/ca/index.txt"

echo "== CRLs"
# Fixed dates, not "now": a CRL whose thisUpdate is after the validation time is "not yet valid" to
# openssl verify -attime, so tests at a fixed time need a CRL issued before it. ca.crl is issued the day
# after the revocation; ca-stale.crl too, but its nextUpdate passed a week later (lower crlNumber: older).
gencrl() {
  local db=$1 issuer=$2 out=$3; shift 3
  PKI_DB="$work/$db" openssl ca -batch -gencrl -cert "$issuer-cert.pem" -keyfile "$issuer-key.pem" "$@" -out "$out" \
    2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
}
gencrl ca ca ca-stale.crl -crl_lastupdate 20250602000000Z -crl_nextupdate 20250609000000Z
gencrl ca ca ca.crl -crl_lastupdate 20250602000000Z -crl_nextupdate "$long_end"
gencrl root root root.crl -crl_lastupdate 20200101000000Z -crl_nextupdate "$long_end"
for crl in ca ca-stale root; do openssl crl -in $crl.crl -outform DER -out $crl.crl.der; done
for cert in ca root; do openssl x509 -in $cert-cert.pem -outform DER -out $cert.cer; done

echo "== ca's database (served by openssl ocsp)"
cp "$work/ca/index.txt" ca-index.txt
cp "$work/ca/index.txt.attr" ca-index.txt.attr
cp "$work/ca/serial" ca-serial
cp "$work/ca/crlnumber" ca-crlnumber

echo "== PKCS#12 of the homeroom teacher, with the chain"
echo "hocba-test" >gvcn.p12.password
cat ca-cert.pem root-cert.pem >"$work/chain.pem"
openssl pkcs12 -export -inkey gvcn-key.pem -in gvcn-cert.pem -certfile "$work/chain.pem" -name "Nguyễn Thị Hoa" \
  -passout file:gvcn.p12.password -out gvcn.p12

echo "== OCSP requests and responses (signed by ocsp-cert.pem, no nonce, valid 25000 days)"
mkdir -p ocsp
for name in gvcn hieutruong revoked ltv; do
  openssl ocsp -issuer ca-cert.pem -cert $name-cert.pem -no_nonce -reqout ocsp/$name-req.der >/dev/null
  openssl ocsp -index ca-index.txt -CA ca-cert.pem -rsigner ocsp-cert.pem -rkey ocsp-key.pem -ndays 25000 \
    -reqin ocsp/$name-req.der -respout ocsp/$name.der >/dev/null
done

echo "== the TSA's configuration (serve.sh sets HOCBA_TSA_SERIAL to a file under target/)"
cat >tsa.cnf <<EOF
# openssl ts -reply configuration of the test TSA (see serve.sh and http_server.py).
[ tsa ]
default_tsa = test_tsa

[ test_tsa ]
serial = \$ENV::HOCBA_TSA_SERIAL
crypto_device = builtin
signer_digest = sha256
default_policy = $policy
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF


echo "== checks (at a fixed time, 2026-01-01T00:00:00Z, unless stated)"
at=1767225600
# expect WHAT CODE: openssl verify must succeed (CODE ok) or fail with "error CODE at ...".
expect() {
  local what=$1 code=$2; shift 2
  local out
  out=$(openssl verify "$@" 2>&1) && [ "$code" = ok ] && { echo "ok   $what"; return; }
  if [ "$code" != ok ] && grep -q "^error $code at " <<<"$out"; then
    echo "ok   $what: $(grep -m1 "^error $code" <<<"$out")"
    return
  fi
  echo "FAIL $what (expected $code):" >&2
  echo "$out" >&2
  exit 1
}
chain=(-attime $at -CAfile root-cert.pem -untrusted ca-cert.pem -crl_check -CRLfile ca.crl)
expect "root -> ca: valid, root.crl" ok -attime $at -CAfile root-cert.pem -crl_check -CRLfile root.crl ca-cert.pem
for name in gvcn hieutruong ltv ocsp tsa; do expect "$name: valid" ok "${chain[@]}" $name-cert.pem; done
expect "gvcn: valid, CRLs of the whole chain" ok -attime $at -CAfile root-cert.pem -untrusted ca-cert.pem \
  -crl_check_all -CRLfile ca.crl -CRLfile root.crl gvcn-cert.pem
expect "gvcn: valid now" ok -CAfile root-cert.pem -untrusted ca-cert.pem -crl_check -CRLfile ca.crl gvcn-cert.pem
expect "revoked: revoked" 23 "${chain[@]}" revoked-cert.pem
expect "expired: expired" 10 "${chain[@]}" expired-cert.pem
expect "expired: valid on 2021-06-01" ok -attime 1622505600 -CAfile root-cert.pem -untrusted ca-cert.pem \
  expired-cert.pem
expect "notyetvalid: not yet valid" 9 "${chain[@]}" notyetvalid-cert.pem
expect "nokeyusage: chain valid" ok "${chain[@]}" nokeyusage-cert.pem
expect "nokeyusage: no signing key usage" 26 "${chain[@]}" -purpose smimesign nokeyusage-cert.pem
expect "gvcn: signing key usage" ok "${chain[@]}" -purpose smimesign gvcn-cert.pem
expect "ltv: expired on 2031-06-01" 10 -attime 1938211200 -CAfile root-cert.pem -untrusted ca-cert.pem ltv-cert.pem
expect "other-gvcn: untrusted root" 20 -attime $at -CAfile root-cert.pem -untrusted ca-cert.pem other-gvcn-cert.pem
expect "other-gvcn: untrusted root, offered as intermediate" 19 -attime $at -CAfile root-cert.pem \
  -untrusted ca-cert.pem -untrusted other-root-cert.pem other-gvcn-cert.pem
expect "other-gvcn: valid under its own root" ok -attime $at -CAfile other-root-cert.pem other-gvcn-cert.pem
expect "selfsigned-gvcn: self-signed" 18 -attime $at -CAfile root-cert.pem -untrusted ca-cert.pem \
  selfsigned-gvcn-cert.pem
expect "ca-stale.crl: CRL expired" 12 "${chain[@]/ca.crl/ca-stale.crl}" gvcn-cert.pem
for name in gvcn hieutruong revoked ltv; do
  status=$(openssl ocsp -respin ocsp/$name.der -reqin ocsp/$name-req.der -issuer ca-cert.pem -cert $name-cert.pem \
    -CAfile root-cert.pem -verify_other ca-cert.pem -no_nonce 2>&1)
  grep -q "^Response verify OK" <<<"$status" || { echo "FAIL ocsp/$name.der: $status" >&2; exit 1; }
  want=good
  [ $name = revoked ] && want=revoked
  grep -q "^$name-cert.pem: $want" <<<"$status" || { echo "FAIL ocsp/$name.der: $status" >&2; exit 1; }
  echo "ok   ocsp/$name.der: $want"
done
openssl ocsp -respin ocsp/revoked.der -resp_text -noverify | grep -q "Revocation Reason: keyCompromise"
openssl ocsp -respin ocsp/revoked.der -resp_text -noverify | grep -q "Revocation Time: Jun  1 00:00:00 2025 GMT"
echo "ok   ocsp/revoked.der: 2025-06-01 00:00:00Z, keyCompromise"
[ "$(openssl pkcs12 -in gvcn.p12 -passin file:gvcn.p12.password -nokeys | grep -c 'BEGIN CERTIFICATE')" = 3 ]
echo "ok   gvcn.p12: key and 3 certificates"

echo "== CRLs with an issuing distribution point (generate-scoped-crls.sh)"
bash ./generate-scoped-crls.sh

echo "== a time-stamping authority whose certificate ends in 2032 (generate-archive-tsa.sh)"
bash ./generate-archive-tsa.sh

echo "== schools, their wards and seals, issued by the new CA (schools/generate.sh)"
bash ./schools/generate.sh
