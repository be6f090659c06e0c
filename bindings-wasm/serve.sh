#!/usr/bin/env bash
# Serves the verifier page (bindings-wasm/www, built by build.sh) on this machine only:
# http://127.0.0.1:PORT/ (PORT: the first argument, default 8000). Any static web server does as
# well; the page needs only that .wasm files are sent as application/wasm, which Python's does.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${1:-8000}
if [ ! -f "$here/www/pkg/hocba_wasm_bg.wasm" ]; then
  echo "Trang chưa được dựng. Hãy chạy trước: bash bindings-wasm/build.sh" >&2
  echo "The page is not built yet. Run first: bash bindings-wasm/build.sh" >&2
  exit 2
fi
echo "Trang kiểm tra học bạ: http://127.0.0.1:$port/ (Ctrl+C để dừng)" >&2
echo "The verifier page: http://127.0.0.1:$port/ (Ctrl+C to stop)" >&2
exec python3 -m http.server --bind 127.0.0.1 --directory "$here/www" "$port"
