#!/usr/bin/env bash
# The Python binding's tests. Builds the extension into a venv inside target/ and runs pytest;
# scripts/test.sh calls it after the Rust tests. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
venv="$target/venv"
export PIP_CACHE_DIR="$target/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r bindings-python/tests/requirements.txt
# The dev profile reuses what `cargo test --workspace` just built (only pyo3 and the binding are
# compiled here); a user's `pip install ./bindings-python` builds the release profile.
MATURIN_PEP517_ARGS="--profile dev --locked" "$venv/bin/pip" install -q --force-reinstall --no-deps ./bindings-python
cargo build -q --locked -p hocba-cli
HOCBA_CLI="$target/debug/hocba" "$venv/bin/python" -m pytest -q -p no:cacheprovider bindings-python/tests "$@"
