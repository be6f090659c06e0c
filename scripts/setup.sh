#!/usr/bin/env bash
# Installs what the test suites need on a fresh Debian machine (idempotent; quick when done).
# `setup.sh demo`: only what the main job (scripts/demo.sh) needs: building the CLI and running the
# test PKI's servers.
set -euo pipefail
need=()
command -v pkg-config >/dev/null || need+=(pkg-config)   # the openssl crate finds OpenSSL with it
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev) # the native crypto provider
command -v openssl >/dev/null || need+=(openssl)         # the test PKI's OCSP responder and TSA
command -v python3 >/dev/null || need+=(python3)         # the test PKI's HTTP server
if [ "${1:-}" = demo ]; then
  if [ ${#need[@]} -gt 0 ]; then
    echo "== apt-get install ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  exit 0
fi
command -v xmllint >/dev/null || need+=(libxml2-utils)   # differential C14N tests against libxml2
command -v xmlsec1 >/dev/null || need+=(xmlsec1)         # XML-signature interop tests, both ways
[ -f /usr/share/java/xmlsec.jar ] || need+=(libxml-security-java default-jdk-headless) # Apache Santuario interop
# Python binding (bindings-python): a venv for maturin and pytest, SoftHSM2 as a real PKCS#11 token.
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
[ -f /usr/lib/softhsm/libsofthsm2.so ] || need+=(softhsm2)
command -v pkcs11-tool >/dev/null || need+=(opensc)              # writes certificates onto the test token
# Paper copies (render/tests): the PDF read back by independent tools.
command -v pdftotext >/dev/null || need+=(poppler-utils)        # text, embedded file, page images, metadata
command -v qpdf >/dev/null || need+=(qpdf)                      # the PDF's structure
command -v zbarimg >/dev/null || need+=(zbar-tools)             # the QR code, decoded from a page image
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The WASM binding's browser tests: Debian's Chromium, driven by playwright-core (bindings-wasm/).
# (The wasm32 toolchain, wasm-bindgen-cli and npm packages are installed by bindings-wasm/build.sh.)
if ! command -v chromium >/dev/null; then
  echo "== apt-get install chromium" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
