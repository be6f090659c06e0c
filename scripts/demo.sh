#!/usr/bin/env bash
# The main job: build a sample transcript (THCS, grades 6-9, one transfer) and sign every school
# year as the homeroom teacher (GVCN), then the principal (Hiệu trưởng, countersigning), with the
# bundled test PKI: each signer's certificate is checked online (OCSP) before signing, each
# signature is time-stamped (RFC 3161) and carries its validation data. Then verify the transcript
# offline against the test root, print the report, and show a changed score being caught.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
cargo build --release --locked -q -p hocba-cli
pki=test-vectors/pki
bash $pki/serve.sh start >&2
trap 'bash $pki/serve.sh stop >/dev/null' EXIT
# The test PKI answers through its proxy, as a CA's servers do through a school's.
env -u NO_PROXY -u no_proxy HTTP_PROXY="$(bash $pki/serve.sh url)" \
  target/release/hocba demo --pki $pki --online --tsa http://127.0.0.1:18080/tsa --out target/demo/hoc-ba-da-ky.xml
