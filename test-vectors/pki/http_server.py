"""HTTP side of the test PKI (stdlib only; started by serve.sh).

GET serves the DER certificates and CRLs that the test certificates' AIA and CRL distribution points
name; POST /tsa (and /tsa-2032, a TSA whose certificate ends in 2032) answers an RFC 3161
time-stamp query by running `openssl ts -reply` with that TSA's key and certificate. Nothing else is
served.

With --ocsp-port, a second listener stands in front of the `openssl ocsp` responder (--ocsp-backend):
it passes OCSP requests (POST, or GET as in RFC 6960 appendix A) through unchanged. Both listeners
answer CORS preflights and send `Access-Control-Allow-Origin: *`, so that a web page on another origin
(the verifier page in the browser tests) may read the answers, as it may from a CA that allows it;
`openssl ocsp` itself cannot send those headers.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# URL path -> (file in the PKI folder, Content-Type).
FILES = {
    "/root.cer": ("root.cer", "application/pkix-cert"),
    "/ca.cer": ("ca.cer", "application/pkix-cert"),
    "/root.crl": ("root.crl.der", "application/pkix-crl"),
    "/ca.crl": ("ca.crl.der", "application/pkix-crl"),
    "/ca-stale.crl": ("ca-stale.crl.der", "application/pkix-crl"),
}
# URL path -> (key, certificate) of the time-stamping authority answering there: the test TSA, and
# one whose certificate ends in 2032 (generate-archive-tsa.sh) for the archive time-stamp tests.
TIME_STAMPING_AUTHORITIES = {
    "/tsa": ("tsa-key.pem", "tsa-cert.pem"),
    "/tsa-2032": ("tsa-2032-key.pem", "tsa-2032-cert.pem"),
}
# A time-stamp query is a hash and a few fields; anything much larger is not one.
MAX_QUERY_BYTES = 64 * 1024
# Likewise an OCSP request (a few CertIDs).
MAX_OCSP_REQUEST_BYTES = 64 * 1024


class CorsHandler(BaseHTTPRequestHandler):
    """Sends the CORS headers with every answer and answers preflights."""

    server_version = "hocba-test-pki"

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_body(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def fail(self, status, message):
        self.send_body(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def read_body(self, limit):
        """The request body, or None after answering why it is refused."""
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.fail(411, "Content-Length required")
            return None
        if not 0 < length <= limit:
            self.fail(413, f"body of {length} bytes; at most {limit}")
            return None
        body = self.rfile.read(length)
        if len(body) != length:
            self.fail(400, f"body ended after {len(body)} of {length} bytes")
            return None
        return body


def make_ocsp_handler(backend_port):
    backend = f"http://127.0.0.1:{backend_port}"

    class OcspHandler(CorsHandler):
        def relay(self, request):
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    self.send_body(answer.status, "application/ocsp-response", answer.read())
            except urllib.error.HTTPError as e:
                self.fail(e.code, f"the OCSP responder answered {e.code}")
            except OSError as e:
                self.fail(502, f"the OCSP responder did not answer: {e}")

        def do_GET(self):
            self.relay(urllib.request.Request(backend + self.path))

        def do_POST(self):
            content_type = self.headers.get("Content-Type", "")
            if content_type.split(";")[0].strip().lower() != "application/ocsp-request":
                self.fail(415, f"expected Content-Type application/ocsp-request, got {content_type!r}")
                return
            body = self.read_body(MAX_OCSP_REQUEST_BYTES)
            if body is not None:
                self.relay(urllib.request.Request(
                    backend + "/", data=body, headers={"Content-Type": "application/ocsp-request"}))

    return OcspHandler


def make_handler(pki_dir, state_dir):
    # openssl ts -reply increments the serial file without locking it.
    tsa_lock = threading.Lock()
    env = dict(os.environ, HOCBA_TSA_SERIAL=os.path.join(state_dir, "tsa-serial"))

    class Handler(CorsHandler):
        def do_GET(self):
            entry = FILES.get(self.path)
            if entry is None:
                self.fail(404, f"not found: {self.path}")
                return
            name, content_type = entry
            with open(os.path.join(pki_dir, name), "rb") as f:
                self.send_body(200, content_type, f.read())

        def do_POST(self):
            authority = TIME_STAMPING_AUTHORITIES.get(self.path)
            if authority is None:
                self.fail(404, f"not found: {self.path}")
                return
            key, cert = authority
            content_type = self.headers.get("Content-Type", "")
            if content_type.split(";")[0].strip().lower() != "application/timestamp-query":
                self.fail(415, f"expected Content-Type application/timestamp-query, got {content_type!r}")
                return
            query = self.read_body(MAX_QUERY_BYTES)
            if query is None:
                return
            with tsa_lock, tempfile.TemporaryDirectory(dir=state_dir) as tmp:
                query_path = os.path.join(tmp, "query.tsq")
                reply_path = os.path.join(tmp, "reply.tsr")
                with open(query_path, "wb") as f:
                    f.write(query)
                result = subprocess.run(
                    ["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", query_path,
                     "-inkey", key, "-signer", cert, "-chain", "ca-cert.pem",
                     "-out", reply_path],
                    cwd=pki_dir, env=env, capture_output=True, timeout=30)
                if result.returncode != 0 or not os.path.exists(reply_path):
                    sys.stderr.write(result.stderr.decode(errors="replace"))
                    self.fail(500, "openssl ts -reply failed; see the server log")
                    return
                with open(reply_path, "rb") as f:
                    reply = f.read()
            self.send_body(200, "application/timestamp-reply", reply)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="the test PKI folder (test-vectors/pki)")
    parser.add_argument("--state", required=True, help="a writable folder for the TSA serial and temporary files")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--ocsp-port", type=int, help="also pass OCSP requests on this port to --ocsp-backend")
    parser.add_argument("--ocsp-backend", type=int, help="the port of the `openssl ocsp` responder on 127.0.0.1")
    args = parser.parse_args()
    if (args.ocsp_port is None) != (args.ocsp_backend is None):
        parser.error("--ocsp-port and --ocsp-backend go together")
    pki_dir = os.path.abspath(args.dir)
    state_dir = os.path.abspath(args.state)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(pki_dir, state_dir))
    if args.ocsp_port is not None:
        ocsp = ThreadingHTTPServer((args.host, args.ocsp_port), make_ocsp_handler(args.ocsp_backend))
        threading.Thread(target=ocsp.serve_forever, daemon=True).start()
        print(f"OCSP on http://{args.host}:{args.ocsp_port} -> 127.0.0.1:{args.ocsp_backend}",
              file=sys.stderr, flush=True)
    print(f"serving {pki_dir} on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
