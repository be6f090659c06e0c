#!/usr/bin/env bash
# A fresh SoftHSM2 token store in DIR, with the test PKI's keys on it, for the PKCS#11 tests and
# benches/pkcs11.sh. Needs softhsm2 and opensc (scripts/setup.sh). Writes DIR/softhsm2.conf (point
# SOFTHSM2_CONF at it) and DIR/pin (the user PIN). Tokens:
#   hocba-test: gvcn (RSA-2048, id 01) and hieu-truong (P-256, id 02), each with its certificate
#               (same id and label), and the test CA's certificate (id ca) for the chain;
#   hocba-dup:  two private keys labelled gvcn (ids 01 and 02): a URI naming only the label is ambiguous.
# The keys are imported sensitive and not extractable.
set -euo pipefail
dir=$1
module=/usr/lib/softhsm/libsofthsm2.so
pki="$(cd "$(dirname "$0")/../test-vectors/pki" && pwd)"
pin=1234 so_pin=12345678
rm -rf "$dir"
mkdir -p "$dir/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir/tokens" >"$dir/softhsm2.conf"
printf '%s\n' "$pin" >"$dir/pin"
chmod 600 "$dir/pin"
export SOFTHSM2_CONF="$dir/softhsm2.conf"
util() { softhsm2-util "$@" >/dev/null; }
cert() { # token label id file
  openssl x509 -in "$4" -outform DER -out "$dir/cert.der"
  pkcs11-tool --module "$module" --token-label "$1" --login --pin "$pin" --write-object "$dir/cert.der" \
    --type cert --label "$2" --id "$3" >/dev/null 2>&1
  rm "$dir/cert.der"
}
util --init-token --free --label hocba-test --so-pin "$so_pin" --pin "$pin"
util --import "$pki/gvcn-key.pem" --token hocba-test --label gvcn --id 01 --pin "$pin"
util --import "$pki/hieutruong-key.pem" --token hocba-test --label hieu-truong --id 02 --pin "$pin"
cert hocba-test gvcn 01 "$pki/gvcn-cert.pem"
cert hocba-test hieu-truong 02 "$pki/hieutruong-cert.pem"
cert hocba-test ca ca "$pki/ca-cert.pem"
util --init-token --free --label hocba-dup --so-pin "$so_pin" --pin "$pin"
util --import "$pki/gvcn-key.pem" --token hocba-dup --label gvcn --id 01 --pin "$pin"
util --import "$pki/other-gvcn-key.pem" --token hocba-dup --label gvcn --id 02 --pin "$pin"
