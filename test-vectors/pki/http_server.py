"""The test PKI's servers, behind one HTTP proxy (stdlib only; started by serve.sh).

The test certificates name fixed addresses: CRLs and CA certificates at http://127.0.0.1:18080,
the OCSP responder at http://127.0.0.1:18081. Nothing listens there: this server listens on a free
port (or the one given) and is the HTTP proxy through which those addresses are reached, the way a
school's network reaches a CA's servers through its proxy. Verifiers are pointed at it as at any
proxy (HTTP_PROXY, or the library's and the CLI's explicit proxy setting), so the suites run beside
any other program, whatever ports it holds.

It answers only for the test PKI's two addresses: a CONNECT tunnel to one of them (what Rust's
ureq sends), or a request in absolute form (what browsers and Python's urllib send); anything else
is refused. Behind 127.0.0.1:18080: GET of the DER certificates and CRLs that the certificates' AIA
and CRL distribution points name; POST /tsa (and /tsa-2032, a TSA whose certificate ends in 2032),
RFC 3161 time-stamps by `openssl ts -reply`. Behind 127.0.0.1:18081: OCSP (POST, or GET as in RFC
6960 appendix A), answered by `openssl ocsp` over the CA's index. Every answer carries CORS
headers and preflights are answered, so that a web page on another origin (the verifier page in
the browser tests) may read them, as it may from a CA that allows it.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import base64
import urllib.parse
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
# The addresses the test certificates name (generate.sh), and what answers there.
FILES_ORIGIN = "127.0.0.1:18080"
OCSP_ORIGIN = "127.0.0.1:18081"
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


def make_handler(pki_dir, state_dir):
    # openssl ts -reply increments the serial file without locking it.
    tsa_lock = threading.Lock()
    env = dict(os.environ, HOCBA_TSA_SERIAL=os.path.join(state_dir, "tsa-serial"))

    def openssl(arguments, given, answer_name):
        """Runs openssl with `given` in a file, returns what it wrote to `answer_name` (or None)."""
        with tempfile.TemporaryDirectory(dir=state_dir) as tmp:
            given_path = os.path.join(tmp, "given.der")
            answer_path = os.path.join(tmp, answer_name)
            with open(given_path, "wb") as f:
                f.write(given)
            arguments = [a.replace("{given}", given_path).replace("{answer}", answer_path) for a in arguments]
            result = subprocess.run(["openssl", *arguments], cwd=pki_dir, env=env, capture_output=True, timeout=30)
            if result.returncode != 0 or not os.path.exists(answer_path):
                sys.stderr.write(result.stderr.decode(errors="replace"))
                return None
            with open(answer_path, "rb") as f:
                return f.read()

    class Handler(CorsHandler):
        # Keep-alive, so that a CONNECT tunnel carries the request that follows it.
        protocol_version = "HTTP/1.1"

        def target(self):
            """(origin, path) of the request: its absolute form, else its Host (inside a tunnel)."""
            if self.path.startswith("http://"):
                url = urllib.parse.urlsplit(self.path)
                return url.netloc, (url.path or "/") + (f"?{url.query}" if url.query else "")
            return self.headers.get("Host", ""), self.path

        def refuse_origin(self, origin):
            self.fail(403, f"this proxy answers only for http://{FILES_ORIGIN} and http://{OCSP_ORIGIN}, not {origin!r}")

        def do_CONNECT(self):
            if self.path not in (FILES_ORIGIN, OCSP_ORIGIN):
                self.refuse_origin(self.path)
                return
            self.send_response(200, "Connection established")
            self.send_header("Content-Length", "0")
            self.end_headers()
            # The tunnel's requests follow on this connection, each naming its Host.
            self.close_connection = False

        def do_GET(self):
            origin, path = self.target()
            if origin == OCSP_ORIGIN:
                # RFC 6960 appendix A: the DER request, base64 then URL-encoded, as the path.
                try:
                    request = base64.b64decode(urllib.parse.unquote(path.lstrip("/")), validate=True)
                except ValueError:
                    self.fail(400, "not an OCSP GET request")
                    return
                self.answer_ocsp(request)
            elif origin == FILES_ORIGIN:
                entry = FILES.get(path)
                if entry is None:
                    self.fail(404, f"not found: {path}")
                    return
                name, content_type = entry
                with open(os.path.join(pki_dir, name), "rb") as f:
                    self.send_body(200, content_type, f.read())
            else:
                self.refuse_origin(origin)

        def do_POST(self):
            origin, path = self.target()
            content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if origin == OCSP_ORIGIN:
                if content_type != "application/ocsp-request":
                    self.fail(415, f"expected Content-Type application/ocsp-request, got {content_type!r}")
                    return
                request = self.read_body(MAX_OCSP_REQUEST_BYTES)
                if request is not None:
                    self.answer_ocsp(request)
                return
            if origin != FILES_ORIGIN:
                self.refuse_origin(origin)
                return
            authority = TIME_STAMPING_AUTHORITIES.get(path)
            if authority is None:
                self.fail(404, f"not found: {path}")
                return
            key, cert = authority
            if content_type != "application/timestamp-query":
                self.fail(415, f"expected Content-Type application/timestamp-query, got {content_type!r}")
                return
            query = self.read_body(MAX_QUERY_BYTES)
            if query is None:
                return
            with tsa_lock:
                reply = openssl(["ts", "-reply", "-config", "tsa.cnf", "-queryfile", "{given}", "-inkey", key,
                                 "-signer", cert, "-chain", "ca-cert.pem", "-out", "{answer}"], query, "reply.tsr")
            if reply is None:
                self.fail(500, "openssl ts -reply failed; see the server log")
                return
            self.send_body(200, "application/timestamp-reply", reply)

        def answer_ocsp(self, request):
            # The delegated responder over the CA's database, as `openssl ocsp -port` would answer.
            response = openssl(["ocsp", "-index", "ca-index.txt", "-CA", "ca-cert.pem", "-rsigner", "ocsp-cert.pem",
                                "-rkey", "ocsp-key.pem", "-ndays", "1", "-reqin", "{given}", "-respout", "{answer}"],
                               request, "response.der")
            if response is None:
                self.fail(500, "openssl ocsp failed; see the server log")
                return
            self.send_body(200, "application/ocsp-response", response)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="the test PKI folder (test-vectors/pki)")
    parser.add_argument("--state", required=True, help="a writable folder for the TSA serial and temporary files")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="the proxy's port; 0 (default): a free one")
    parser.add_argument("--port-file", help="write the port listened on to this file once listening")
    args = parser.parse_args()
    pki_dir = os.path.abspath(args.dir)
    state_dir = os.path.abspath(args.state)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(pki_dir, state_dir))
    port = server.server_address[1]
    if args.port_file:
        # Written whole, then renamed: a reader never sees half a number.
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"test PKI proxy for {pki_dir} on http://{args.host}:{port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
