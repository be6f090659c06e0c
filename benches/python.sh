#!/usr/bin/env bash
# hocba's Python binding beside python-xmlsec and signxml: verify the same signed transcript, one process,
# threads 1 and 2 (benches/python_verify.py). Builds the binding in release into target/bench-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${HOCBA_SHARED:-../shared}"
venv=target/bench-venv
export PIP_CACHE_DIR="$PWD/target/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x $venv/bin/python ] || python3 -m venv $venv
$venv/bin/pip install -q lxml xmlsec signxml cryptography
$venv/bin/pip install -q --force-reinstall --no-deps ./bindings-python   # the release profile, as users get it
[ -f target/bench-inputs/transcript-30k-signed.xml ] || python3 "$shared/bench/peers/make_inputs.py" target/bench-inputs
HOCBA_SHARED="$shared" $venv/bin/python benches/python_verify.py target/bench-inputs target/bench-results-python
