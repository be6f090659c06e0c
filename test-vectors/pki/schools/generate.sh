#!/usr/bin/env bash
# Certificates of schools, their managing authorities (the wards' culture and society offices) and the
# schools' seals (chứng thư số con dấu đơn vị), for the test PKI one folder up. Tests only: every
# private key here is public. Needs the OpenSSL 3.0 CLI (Debian bookworm).
#
# - Public schools and the wards: issued by the parent's test `ca` ("Test CA phục vụ các cơ quan Nhà
#   nước G2", ../ca-cert.pem, ../ca-key.pem) through an `openssl ca` database of their own (serials
#   2001-200B); the parent's CRLs and ca-serial are not touched. So that the parent's OCSP responder
#   (../serve.sh, which reads ../ca-index.txt) answers "good" for them, their index lines are appended
#   to ../ca-index.txt: the lines already there stay byte for byte, earlier copies of ours (same
#   serials) are replaced. Run this again after ../generate.sh (which rewrites ca-index.txt, makes a
#   new CA key, and deletes this folder: restore it from git first).
# - The non-public school: a test "national root" (neac-root, self-signed) -> "Test Public CA"
#   (public-ca) -> its seal and principal, each with its CRL. Nothing serves their AIA/CDP URLs.
#
# Wipes everything in this folder except this script and README.md, then writes it again; serials are
# fixed, keys and signatures are new each run. Ends with checks at 2026-01-01 and stops on the first
# surprise. See README.md for what each file is.
set -euo pipefail
cd "$(dirname "$0")"
[ -f ../ca-cert.pem ] && [ -f ../ca-key.pem ] && [ -f ../ca-index.txt ] ||
  { echo "run ../generate.sh first: ../ca-cert.pem, ../ca-key.pem or ../ca-index.txt is missing" >&2; exit 1; }

find . -mindepth 1 -maxdepth 1 ! -name generate.sh ! -name README.md -exec rm -rf {} +
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

http=http://127.0.0.1:18080
ocsp_url=http://127.0.0.1:18081
policy=2.16.704.1.1.1.1.1
start=20240101000000Z
end=20991231235959Z
# Serials this script gives certificates of ../ca (their lines in ../ca-index.txt are ours).
ca_serials="2001 2002 2003 2004 2005 2006 2007 2008 2009 200A 200B"

ward1="/C=VN/ST=Hà Nội/O=UBND phường Ba Đình"
ward2="/C=VN/ST=Hồ Chí Minh/O=UBND phường Bến Nghé"
trung_vuong="Trường THCS Trưng Vương"
nguyen_du="Trường THCS Nguyễn Du"
le_loi="Trường THCS Lê Lợi"
ngoi_sao="Trường Tiểu học Quốc tế Ngôi Sao"

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

# A person's or an organization's signing certificate from ../ca, as VGCA issues them.
[ vgca_signer_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = clientAuth, emailProtection
certificatePolicies = $policy
authorityInfoAccess = OCSP;URI:$ocsp_url, caIssuers;URI:$http/ca.cer
crlDistributionPoints = URI:$http/ca.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

[ neac_root_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ public_ca_ext ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
authorityInfoAccess = caIssuers;URI:$http/schools/neac-root.cer
crlDistributionPoints = URI:$http/schools/neac-root.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash

# A signing certificate from the public CA: no certificate policy of VGCA's, no OCSP responder.
[ public_signer_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = clientAuth, emailProtection
authorityInfoAccess = caIssuers;URI:$http/schools/public-ca.cer
crlDistributionPoints = URI:$http/schools/public-ca.crl
authorityKeyIdentifier = keyid:always
subjectKeyIdentifier = hash
EOF
export OPENSSL_CONF="$work/openssl.cnf" PKI_DB="$work/unused"

# new_db NAME FIRST_SERIAL_HEX: an empty openssl-ca database in $work/NAME.
new_db() {
  mkdir -p "$work/$1/newcerts"
  : >"$work/$1/index.txt"
  echo "unique_subject = no" >"$work/$1/index.txt.attr"
  echo "$2" >"$work/$1/serial"
  echo 01 >"$work/$1/crlnumber"
}

# key NAME rsa|ec: NAME-key.pem (unencrypted PKCS#8), RSA-2048 or P-256.
key() {
  case $2 in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1-key.pem" 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-key.pem" 2>/dev/null ;;
  esac
}

# issue DB SERIAL NAME KEYTYPE SUBJECT EXT ISSUER_CERT ISSUER_KEY: NAME-key.pem and NAME-cert.pem with
# serial SERIAL, 2024-01-01 - 2099-12-31, self-signed when ISSUER_CERT is "self".
issue() {
  local db=$1 serial=$2 name=$3 type=$4 subj=$5 ext=$6 issuer_cert=$7 issuer_key=$8
  key "$name" "$type"
  openssl req -new -utf8 -key "$name-key.pem" -subj "$subj" -out "$work/$name.csr"
  local signer=(-cert "$issuer_cert" -keyfile "$issuer_key")
  [ "$issuer_cert" = self ] && signer=(-selfsign -keyfile "$name-key.pem")
  echo "$serial" >"$work/$db/serial"
  PKI_DB="$work/$db" openssl ca -batch -notext -utf8 "${signer[@]}" -in "$work/$name.csr" -out "$name-cert.pem" \
    -extensions "$ext" -startdate "$start" -enddate "$end" 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
  [ "$(openssl x509 -in "$name-cert.pem" -noout -serial)" = "serial=$serial" ] ||
    { echo "FAIL $name: serial is not $serial" >&2; exit 1; }
  echo "     $serial $name"
}

# by_ca SERIAL NAME KEYTYPE SUBJECT: a signing certificate of ../ca.
by_ca() { issue ca "$1" "$2" "$3" "$4" vgca_signer_ext ../ca-cert.pem ../ca-key.pem; }

echo "== issued by ../ca (VGCA-like): the wards, the public schools, their seals"
new_db ca 2001
by_ca 2001 phuong-ba-dinh rsa "$ward1/CN=Phòng Văn hóa - Xã hội phường Ba Đình"
by_ca 2002 trung-vuong-gvcn rsa "$ward1/OU=$trung_vuong/title=Giáo viên chủ nhiệm/CN=Phan Thị Ngọc"
by_ca 2003 trung-vuong-hieutruong rsa "$ward1/OU=$trung_vuong/title=Hiệu trưởng/CN=Nguyễn Thị Thu Trang"
by_ca 2004 trung-vuong-phohieutruong ec "$ward1/OU=$trung_vuong/title=Phó Hiệu trưởng/CN=Lê Văn Hùng"
by_ca 2005 trung-vuong-condau rsa "$ward1/CN=$trung_vuong"
by_ca 2006 phuong-ben-nghe rsa "$ward2/CN=Phòng Văn hóa - Xã hội phường Bến Nghé"
by_ca 2007 nguyen-du-gvcn rsa "$ward2/OU=$nguyen_du/title=Giáo viên chủ nhiệm/CN=Lý Thị Thu"
by_ca 2008 nguyen-du-hieutruong rsa "$ward2/OU=$nguyen_du/title=Hiệu trưởng/CN=Hồ Văn Phúc"
by_ca 2009 nguyen-du-condau rsa "$ward2/CN=$nguyen_du"
by_ca 200A le-loi-gvcn rsa "$ward1/OU=$le_loi/title=Giáo viên chủ nhiệm/CN=Đặng Văn Bình"
by_ca 200B le-loi-hieutruong rsa "$ward1/OU=$le_loi/title=Hiệu trưởng/CN=Trịnh Thị Hằng"

echo "== the non-public school: neac-root -> public-ca -> seal and principal"
new_db neac 200C
issue neac 200C neac-root rsa \
  "/C=VN/O=Bộ Thông tin và Truyền thông (thử nghiệm)/OU=Trung tâm Chứng thực điện tử quốc gia (thử nghiệm)/CN=Test Vietnam National Root CA" \
  neac_root_ext self ""
issue neac 200D public-ca rsa "/C=VN/O=Công ty CP Chữ ký số thử nghiệm/CN=Test Public CA" public_ca_ext \
  neac-root-cert.pem neac-root-key.pem
new_db public 200E
issue public 200E ngoi-sao-condau rsa "$ward1/CN=$ngoi_sao" public_signer_ext public-ca-cert.pem public-ca-key.pem
issue public 200F ngoi-sao-hieutruong ec "$ward1/OU=$ngoi_sao/title=Hiệu trưởng/CN=Đỗ Minh Khôi" public_signer_ext \
  public-ca-cert.pem public-ca-key.pem

echo "== CRLs of neac-root and public-ca (empty), and their certificates in DER"
gencrl() {
  local db=$1 issuer=$2 this=$3
  PKI_DB="$work/$db" openssl ca -batch -gencrl -cert "$issuer-cert.pem" -keyfile "$issuer-key.pem" \
    -crl_lastupdate "$this" -crl_nextupdate "$end" -out "$issuer.crl" 2>"$work/ca.log" ||
    { cat "$work/ca.log" >&2; exit 1; }
  openssl crl -in "$issuer.crl" -outform DER -out "$issuer.crl.der"
  openssl x509 -in "$issuer-cert.pem" -outform DER -out "$issuer.cer"
}
gencrl neac neac-root 20240101000000Z
gencrl public public-ca 20250602000000Z

echo "== ../ca-index.txt: our lines (serials $ca_serials) appended, the others untouched"
[ "$(wc -l <"$work/ca/index.txt")" = 11 ] || { echo "FAIL: ca database has not 11 lines" >&2; exit 1; }
awk -F'\t' -v ours="$ca_serials" 'BEGIN { n = split(ours, s, " "); for (i = 1; i <= n; i++) mine[s[i]] = 1 }
  !($4 in mine) { print }' ../ca-index.txt >"$work/index.kept"
# Only whole lines of ours are removed: what is kept is the old file's beginning, byte for byte.
cmp -s "$work/index.kept" <(head -c "$(wc -c <"$work/index.kept")" ../ca-index.txt) ||
  { echo "FAIL: ../ca-index.txt has lines of ours between others; fix it by hand" >&2; exit 1; }
cat "$work/index.kept" "$work/ca/index.txt" >"$work/index.new"
cat "$work/index.new" >../ca-index.txt

echo "== PKCS#12 of Trưng Vương's principal and seal, with the chain"
cat ../ca-cert.pem ../root-cert.pem >"$work/chain.pem"
p12() {
  echo "hocba-test" >"$1.p12.password"
  openssl pkcs12 -export -inkey "$1-key.pem" -in "$1-cert.pem" -certfile "$work/chain.pem" -name "$2" \
    -passout "file:$1.p12.password" -out "$1.p12"
}
p12 trung-vuong-hieutruong "Nguyễn Thị Thu Trang"
p12 trung-vuong-condau "$trung_vuong"

echo "== checks (at 2026-01-01T00:00:00Z)"
at=1767225600
fail() { echo "FAIL $*" >&2; exit 1; }
# verify WHAT ARGS...: openssl verify must say OK.
verify() {
  local what=$1 out; shift
  out=$(openssl verify -attime $at "$@" 2>&1) || fail "$what: $out"
  echo "ok   $what"
}
ca_leaves="phuong-ba-dinh trung-vuong-gvcn trung-vuong-hieutruong trung-vuong-phohieutruong trung-vuong-condau
  phuong-ben-nghe nguyen-du-gvcn nguyen-du-hieutruong nguyen-du-condau le-loi-gvcn le-loi-hieutruong"
public_leaves="ngoi-sao-condau ngoi-sao-hieutruong"
vgca=(-CAfile ../root-cert.pem -untrusted ../ca-cert.pem)
neac=(-CAfile neac-root-cert.pem -untrusted public-ca-cert.pem)
verify "public-ca under neac-root, neac-root.crl" -CAfile neac-root-cert.pem -crl_check -CRLfile neac-root.crl \
  public-ca-cert.pem
for name in $ca_leaves; do
  verify "$name: chain to ../root" "${vgca[@]}" "$name-cert.pem"
  verify "$name: good in ../ca.crl and ../root.crl, S/MIME signing purpose" "${vgca[@]}" -crl_check_all \
    -CRLfile ../ca.crl -CRLfile ../root.crl -purpose smimesign "$name-cert.pem"
  if openssl verify -attime $at "${neac[@]}" "$name-cert.pem" >/dev/null 2>&1; then fail "$name: chains to neac-root"; fi
done
for name in $public_leaves; do
  verify "$name: chain to neac-root" "${neac[@]}" "$name-cert.pem"
  verify "$name: good in public-ca.crl and neac-root.crl, S/MIME signing purpose" "${neac[@]}" -crl_check_all \
    -CRLfile public-ca.crl -CRLfile neac-root.crl -purpose smimesign "$name-cert.pem"
  if openssl verify -attime $at "${vgca[@]}" "$name-cert.pem" >/dev/null 2>&1; then fail "$name: chains to ../root"; fi
done
for name in $ca_leaves $public_leaves; do
  exts=$(openssl x509 -in "$name-cert.pem" -noout -ext keyUsage,extendedKeyUsage,basicConstraints)
  want=$'X509v3 Key Usage: critical\n    Digital Signature, Non Repudiation\nX509v3 Extended Key Usage: \n    TLS Web Client Authentication, E-mail Protection'
  [ "$exts" = "$want" ] || fail "$name: extensions are"$'\n'"$exts"
  dates=$(openssl x509 -in "$name-cert.pem" -noout -startdate -enddate | tr '\n' ' ')
  [ "$dates" = "notBefore=Jan  1 00:00:00 2024 GMT notAfter=Dec 31 23:59:59 2099 GMT " ] || fail "$name: $dates"
done
echo "ok   key usage digitalSignature+nonRepudiation, EKU clientAuth+emailProtection, no basic constraints, 2024-2099"
# Seals and wards name an organization: no OU, no title; the CN is the unit's name.
for name in phuong-ba-dinh phuong-ben-nghe trung-vuong-condau nguyen-du-condau ngoi-sao-condau; do
  subject=$(openssl x509 -in "$name-cert.pem" -noout -subject -nameopt utf8,sep_comma_plus_space)
  if grep -qE '(OU|title)=' <<<"$subject"; then fail "$name: $subject"; fi
done
echo "ok   seals and wards: no OU, no title"
for name in trung-vuong-gvcn trung-vuong-hieutruong trung-vuong-phohieutruong; do
  [ "$(openssl x509 -in "$name-cert.pem" -noout -subject -nameopt utf8,sep_comma_plus_space | grep -o 'OU=[^,]*')" = \
    "OU=$trung_vuong" ] || fail "$name: OU is not $trung_vuong"
done
echo "ok   Trưng Vương's staff: OU=$trung_vuong"
# Every subject string but C is a UTF8String.
for name in $ca_leaves $public_leaves neac-root public-ca; do
  types=$(openssl asn1parse -in "$name-cert.pem" | grep -cE 'PRINTABLESTRING|T61STRING|BMPSTRING|IA5STRING' || true)
  # C of the issuer and of the subject.
  [ "$types" = 2 ] || fail "$name: $types non-UTF8 strings (expected the two C=VN)"
done
echo "ok   UTF8String subjects"
for crl in public-ca neac-root; do
  text=$(openssl crl -in $crl.crl -noout -text)
  grep -q "No Revoked Certificates" <<<"$text" || fail "$crl.crl is not empty"
  grep -q "Next Update: Dec 31 23:59:59 2099 GMT" <<<"$text" || fail "$crl.crl nextUpdate"
done
grep -q "Last Update: Jun  2 00:00:00 2025 GMT" <<<"$(openssl crl -in public-ca.crl -noout -lastupdate -text)" ||
  fail "public-ca.crl thisUpdate"
echo "ok   public-ca.crl (2025-06-02) and neac-root.crl (2024-01-01): empty, until 2099-12-31"
for serial in $ca_serials; do
  [ "$(awk -F'\t' -v s="$serial" '$1 == "V" && $4 == s' ../ca-index.txt | wc -l)" = 1 ] ||
    fail "../ca-index.txt: serial $serial is not listed once as valid"
done
echo "ok   ../ca-index.txt lists 2001-200B as valid, once each"
for name in trung-vuong-hieutruong trung-vuong-condau; do
  [ "$(openssl pkcs12 -in $name.p12 -passin file:$name.p12.password -nokeys | grep -c 'BEGIN CERTIFICATE')" = 3 ] ||
    fail "$name.p12"
  echo "ok   $name.p12: key and 3 certificates"
done
