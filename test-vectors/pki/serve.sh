#!/usr/bin/env bash
# Runs the test PKI's servers in the background, on the fixed ports its certificates name:
#   OCSP responder  http://127.0.0.1:18081  (openssl ocsp over ca-index.txt, signed by ocsp-cert.pem,
#                                            listening on 18082 behind http_server.py, which adds CORS)
#   HTTP server     http://127.0.0.1:18080  (GET /root.cer /ca.cer /root.crl /ca.crl /ca-stale.crl,
#                                            POST /tsa: RFC 3161 time-stamps by tsa-cert.pem, POST /tsa-2032
#                                            by tsa-2032-cert.pem, which ends in 2032)
# Both answer CORS preflights and allow any origin to read them (the verifier page's browser tests).
# Usage: serve.sh start|stop|status [PKI_DIR]   (PKI_DIR defaults to this script's folder)
# Pids, logs and the TSA's serial file live in target/pki-servers/ of the repository.
# `start` returns once both servers answered a real request (and succeeds if they already run);
# `status` exits 0 when both run, 3 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command=${1:-}
pki=$(cd "${2:-$here}" && pwd)
state=$(cd "$here/../.." && pwd)/target/pki-servers
http_port=18080
ocsp_port=18081
# Where `openssl ocsp` itself listens: it cannot send CORS headers, so http_server.py relays to it.
ocsp_backend_port=18082

usage() {
  echo "usage: $0 start|stop|status [PKI_DIR]" >&2
  exit 2
}

# running NAME: the server NAME (ocsp, http) that we started is alive.
running() {
  local pid
  [ -f "$state/$1.pid" ] || return 1
  pid=$(cat "$state/$1.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  # A recycled pid belongs to another program: only ours count.
  grep -qaE 'openssl|http_server.py' "/proc/$pid/cmdline" 2>/dev/null
}

# port_taken PORT: something accepts connections on 127.0.0.1:PORT.
port_taken() {
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' \
    "$1" 2>/dev/null
}

# http_ready: GET /ca.crl returns ca.crl.der.
http_ready() {
  python3 - "$pki/ca.crl.der" "$http_port" <<'EOF' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}/ca.crl", timeout=2) as r:
    sys.exit(0 if r.status == 200 and r.read() == open(sys.argv[1], "rb").read() else 1)
EOF
}

# ocsp_ready: the responder says gvcn-cert.pem is good, in a response that verifies.
ocsp_ready() {
  openssl ocsp -issuer "$pki/ca-cert.pem" -cert "$pki/gvcn-cert.pem" -url "http://127.0.0.1:$ocsp_port" \
    -timeout 2 -CAfile "$pki/root-cert.pem" -verify_other "$pki/ca-cert.pem" 2>/dev/null |
    grep -q "gvcn-cert.pem: good"
}

stop_one() {
  if running "$1"; then
    kill "$(cat "$state/$1.pid")"
    echo "stopped $1 (pid $(cat "$state/$1.pid"))"
  fi
  rm -f "$state/$1.pid"
}

start() {
  local file
  for file in ca-index.txt ca-cert.pem root-cert.pem ocsp-cert.pem ocsp-key.pem tsa-cert.pem tsa-key.pem tsa-2032-cert.pem tsa-2032-key.pem tsa.cnf \
    gvcn-cert.pem root.cer ca.cer root.crl.der ca.crl.der ca-stale.crl.der; do
    [ -f "$pki/$file" ] || { echo "$pki is not the test PKI: $file is missing (run generate.sh)" >&2; exit 1; }
  done
  mkdir -p "$state"
  if running ocsp && running http; then
    http_ready && ocsp_ready && { echo "already running"; return; }
    echo "servers run but do not answer; see $state/*.log" >&2
    exit 1
  fi
  # Half-started from an earlier run: start both afresh.
  stop_one ocsp >/dev/null
  stop_one http >/dev/null
  for port in $http_port $ocsp_port $ocsp_backend_port; do
    if port_taken "$port"; then
      echo "port $port is already in use by another program; the test PKI needs it" >&2
      exit 1
    fi
  done
  # openssl ocsp (3.0) takes only a port number: it listens on every interface.
  openssl ocsp -port "$ocsp_backend_port" -index "$pki/ca-index.txt" -CA "$pki/ca-cert.pem" \
    -rsigner "$pki/ocsp-cert.pem" -rkey "$pki/ocsp-key.pem" -ndays 1 -ignore_err -timeout 5 \
    </dev/null >"$state/ocsp.log" 2>&1 &
  echo $! >"$state/ocsp.pid"
  python3 "$here/http_server.py" --dir "$pki" --state "$state" --port "$http_port" \
    --ocsp-port "$ocsp_port" --ocsp-backend "$ocsp_backend_port" \
    </dev/null >"$state/http.log" 2>&1 &
  echo $! >"$state/http.pid"
  local http_ok=0 ocsp_ok=0
  for _ in $(seq 40); do
    [ $http_ok = 1 ] || { http_ready && http_ok=1; } || true
    [ $ocsp_ok = 1 ] || { ocsp_ready && ocsp_ok=1; } || true
    [ $http_ok = 1 ] && [ $ocsp_ok = 1 ] && break
    running ocsp && running http || break
    sleep 0.25
  done
  if [ $http_ok = 1 ] && [ $ocsp_ok = 1 ]; then
    echo "OCSP responder on http://127.0.0.1:$ocsp_port (pid $(cat "$state/ocsp.pid"))"
    echo "HTTP server on http://127.0.0.1:$http_port (pid $(cat "$state/http.pid")); logs in $state"
    return
  fi
  [ $http_ok = 1 ] || { echo "HTTP server did not answer GET /ca.crl; $state/http.log:" >&2; cat "$state/http.log" >&2; }
  [ $ocsp_ok = 1 ] || { echo "OCSP responder did not answer; $state/ocsp.log:" >&2; cat "$state/ocsp.log" >&2; }
  stop_one ocsp >/dev/null
  stop_one http >/dev/null
  exit 1
}

status() {
  local all=0
  for name in ocsp http; do
    if running "$name"; then
      echo "$name: running (pid $(cat "$state/$name.pid"))"
    else
      echo "$name: not running"
      all=3
    fi
  done
  return $all
}

case $command in
  start) start ;;
  stop) stop_one ocsp && stop_one http ;;
  status) status ;;
  *) usage ;;
esac
