#!/usr/bin/env bash
# Runs the test PKI's servers in the background, behind one HTTP proxy on a free port of
# 127.0.0.1 (http_server.py): through it, and only through it, the addresses the test certificates
# name answer:
#   http://127.0.0.1:18080  GET /root.cer /ca.cer /root.crl /ca.crl /ca-stale.crl; POST /tsa (RFC 3161
#                           time-stamps by tsa-cert.pem), POST /tsa-2032 (by tsa-2032-cert.pem, which
#                           ends in 2032)
#   http://127.0.0.1:18081  OCSP (`openssl ocsp` over ca-index.txt, signed by ocsp-cert.pem)
# Nothing listens on 18080-18081 themselves, so other programs may hold them. Point a verifier at
# the proxy as at any: `export HTTP_PROXY=$(serve.sh url)` (and no NO_PROXY that names 127.0.0.1)
# for hocba, the Python binding and curl; the library's RevocationChecker::with_http_proxy and
# the CLI's --proxy; a browser's proxy setting (with loopback not bypassed).
# Usage: serve.sh start|stop|status|url [PKI_DIR]   (PKI_DIR defaults to this script's folder)
# The pid, the port, the log and the TSA's serial file live in target/pki-servers/ of the
# repository, so each clone or worktree runs its own. `start` returns once the proxy answered a
# CRL and an OCSP request (and succeeds if it already runs); `status` exits 0 when it runs, 3
# otherwise; `url` prints the proxy's URL (exit 3 when it does not run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command=${1:-}
pki=$(cd "${2:-$here}" && pwd)
state=$(cd "$here/../.." && pwd)/target/pki-servers

usage() {
  echo "usage: $0 start|stop|status|url [PKI_DIR]" >&2
  exit 2
}

# running: the proxy we started is alive.
running() {
  local pid
  [ -f "$state/proxy.pid" ] || return 1
  pid=$(cat "$state/proxy.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid belongs to another program: only ours counts.
  grep -qa 'http_server.py' "/proc/$pid/cmdline" 2>/dev/null
}

proxy_url() {
  echo "http://127.0.0.1:$(cat "$state/proxy.port")"
}

# ready: through the proxy, GET /ca.crl returns ca.crl.der and the responder says gvcn is good.
ready() {
  [ -s "$state/proxy.port" ] || return 1
  python3 - "$(proxy_url)" "$pki" <<'EOF' 2>/dev/null
import sys, urllib.request
proxy, pki = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
with opener.open("http://127.0.0.1:18080/ca.crl", timeout=2) as r:
    if r.status != 200 or r.read() != open(f"{pki}/ca.crl.der", "rb").read():
        sys.exit(1)
request = urllib.request.Request("http://127.0.0.1:18081/", data=open(f"{pki}/ocsp/gvcn-req.der", "rb").read(),
                                 headers={"Content-Type": "application/ocsp-request"})
with opener.open(request, timeout=5) as r:
    sys.exit(0 if r.status == 200 and r.headers["Content-Type"] == "application/ocsp-response" else 1)
EOF
}

stop() {
  if running; then
    kill "$(cat "$state/proxy.pid")"
    echo "stopped the test PKI proxy (pid $(cat "$state/proxy.pid"))"
  fi
  rm -f "$state/proxy.pid" "$state/proxy.port"
}

start() {
  local file
  for file in ca-index.txt ca-cert.pem root-cert.pem ocsp-cert.pem ocsp-key.pem tsa-cert.pem tsa-key.pem tsa-2032-cert.pem tsa-2032-key.pem tsa.cnf \
    gvcn-cert.pem root.cer ca.cer root.crl.der ca.crl.der ca-stale.crl.der ocsp/gvcn-req.der; do
    [ -f "$pki/$file" ] || { echo "$pki is not the test PKI: $file is missing (run generate.sh)" >&2; exit 1; }
  done
  mkdir -p "$state"
  if running; then
    ready && { echo "already running: $(proxy_url)"; return; }
    echo "the test PKI proxy runs but does not answer; see $state/proxy.log" >&2
    exit 1
  fi
  rm -f "$state/proxy.pid" "$state/proxy.port"
  python3 "$here/http_server.py" --dir "$pki" --state "$state" --port-file "$state/proxy.port" \
    </dev/null >"$state/proxy.log" 2>&1 &
  echo $! >"$state/proxy.pid"
  # Each try runs python3 and openssl: on a loaded machine, allow it half a minute.
  for _ in $(seq 120); do
    ready && { echo "test PKI proxy on $(proxy_url) (pid $(cat "$state/proxy.pid")); log in $state"; return; }
    # Alive, whatever its command line says yet (until the fork execs python3 it is this shell's).
    kill -0 "$(cat "$state/proxy.pid")" 2>/dev/null || break
    sleep 0.25
  done
  echo "the test PKI proxy did not answer; $state/proxy.log:" >&2
  cat "$state/proxy.log" >&2
  stop >/dev/null
  exit 1
}

case $command in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "proxy: running on $(proxy_url) (pid $(cat "$state/proxy.pid"))"; else echo "proxy: not running"; exit 3; fi ;;
  url) running || { echo "the test PKI proxy does not run (serve.sh start)" >&2; exit 3; }; proxy_url ;;
  *) usage ;;
esac
