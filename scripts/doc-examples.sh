#!/usr/bin/env bash
# Runs the shell and Rust examples of the README, docs/ and the bindings' READMEs, so that what a
# reader copies works (the Python ones run in pytest: bindings-python/tests/test_doc_examples.py).
#   ```sh    blocks run in order, one bash per file (`set -euo pipefail`), in a scratch folder that
#            holds links to the repository's test-vectors/, scripts/ and schemas/; `hocba` is the
#            debug build. Placeholders and synopses go in ```text blocks, which nothing runs.
#   ```rust  blocks must be a file of the repository, named on their first line (`// core/examples/X.rs`),
#            byte for byte; each such example is run from the scratch folder.
# Needs the debug builds (`cargo test --workspace` leaves them): target/debug/hocba and the examples.
# Usage: doc-examples.sh [FILE.md ...]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
target=${CARGO_TARGET_DIR:-$repo/target}
[ -x "$target/debug/hocba" ] || { echo "doc-examples: $target/debug/hocba is not built (cargo build -p hocba-cli)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  set -- README.md docs/*.md bindings-python/README.md bindings-wasm/README.md
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin"
ln -s "$target/debug/hocba" "$scratch/bin/hocba"

# block LANG FILE: every ```LANG block of FILE, each preceded by a line `#@ FILE:LINE`.
block() {
  awk -v lang="$1" -v file="$2" '
    $0 == "```" lang { inside = 1; print "#@ " file ":" NR + 1; next }
    inside && $0 == "```" { inside = 0; next }
    inside { print }' "$2"
}

ran=0
for doc in "$@"; do
  # Shell: each file's blocks in order in one shell, from a fresh scratch folder.
  script=$(block sh "$doc")
  if [ -n "$script" ]; then
    work="$scratch/run/$(echo "$doc" | tr / _)"
    mkdir -p "$work"
    for link in test-vectors scripts schemas; do ln -s "$repo/$link" "$work/$link"; done
    blocks=$(grep -c '^#@ ' <<<"$script")
    if ! (cd "$work" && PATH="$scratch/bin:$PATH" bash -c "set -euo pipefail; $script" >"$work.log" 2>&1); then
      tail -40 "$work.log" >&2
      echo "doc-examples: a sh example of $doc failed (blocks start at:$(grep '^#@ ' <<<"$script" | cut -c3- | tr '\n' ' '))" >&2
      exit 1
    fi
    ran=$((ran + blocks))
  fi
  # Rust: the block is the named file; the file is run.
  while IFS= read -r start; do
    line=${start##*:}
    code=$(awk -v from="$line" 'NR >= from { if ($0 == "```") exit; print }' "$doc")
    name=$(head -1 <<<"$code" | sed -n 's|^// \([^:]*\.rs\):.*|\1|p')
    if [ -z "$name" ] || [ ! -f "$name" ]; then
      echo "doc-examples: the rust block at $doc:$line does not name its file on its first line (// core/examples/X.rs: ...)" >&2
      exit 1
    fi
    if ! diff -u "$name" <(printf '%s\n' "$code") >&2; then
      echo "doc-examples: the rust block at $doc:$line differs from $name" >&2
      exit 1
    fi
    example=$(basename "$name" .rs)
    work="$scratch/rust-$example"
    mkdir -p "$work"
    ln -sfn "$repo/test-vectors" "$work/test-vectors"
    if ! (cd "$work" && "$target/debug/examples/$example") >"$work.log" 2>&1; then
      tail -40 "$work.log" >&2
      echo "doc-examples: $name (shown at $doc:$line) failed" >&2
      exit 1
    fi
    ran=$((ran + 1))
  done < <(block rust "$doc" | grep '^#@ ' | cut -c4-)
done
echo "doc examples: $ran sh and rust blocks ran from $# files" >&2
