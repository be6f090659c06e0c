// Shared by the Node and browser tests: where things are, the hocba CLI as the reference, and a
// two-signature transcript signed by it with the bundled test keys (as scripts/demo.sh does).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const repo = path.resolve(__dirname, '..', '..');
const keys = path.join(repo, 'test-vectors', 'keys');

/** ../shared (or $HOCBA_SHARED): missing is loud, and a failure in CI. */
function sharedDir(t) {
  const dir = process.env.HOCBA_SHARED || path.join(repo, '..', 'shared');
  if (fs.existsSync(path.join(dir, 'vectors'))) return dir;
  if (process.env.CI) throw new Error(`shared vectors missing at ${dir}`);
  t.skip(`!!! SKIPPED: shared vectors missing at ${dir}`);
  return null;
}

/** The hocba CLI: $HOCBA_BIN (what scripts/test.sh built), else the newest of target/release and target/debug. */
function hocbaBin() {
  if (process.env.HOCBA_BIN) {
    if (!fs.existsSync(process.env.HOCBA_BIN)) throw new Error(`HOCBA_BIN=${process.env.HOCBA_BIN} does not exist`);
    return process.env.HOCBA_BIN;
  }
  const found = ['release', 'debug'].map((p) => path.join(repo, 'target', p, 'hocba')).filter((p) => fs.existsSync(p));
  if (found.length === 0) throw new Error('no hocba CLI: run `cargo build -p hocba-cli` first (scripts/test.sh does)');
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** `hocba verify --json` with the pure-Rust provider, as a parsed object. */
function cliVerify(args, file) {
  const run = spawnSync(hocbaBin(), ['verify', '--json', '--provider', 'rustcrypto', ...args, file], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1 && run.status !== 2) throw new Error(`hocba verify: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `hocba c14n`: the canonical bytes, or null when it refuses (exit 2). */
function cliC14n(args, file) {
  const run = spawnSync(hocbaBin(), ['c14n', ...args, file]);
  if (run.status === 2) return null;
  if (run.status !== 0) throw new Error(`hocba c14n: ${run.stderr}`);
  return run.stdout;
}

let signed;
/** A transcript signed by the homeroom teacher (RSA) and the principal (ECDSA, countersigning). */
function signedTranscript() {
  if (signed) return signed;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hocba-wasm-'));
  const gvcn = path.join(dir, 'gvcn.xml');
  const file = path.join(dir, 'hoc-ba-da-ky.xml');
  const bin = hocbaBin();
  execFileSync(bin, ['sign', '--key', path.join(keys, 'rsa2048-key.pem'), '--cert', path.join(keys, 'rsa2048-cert.pem'),
    '--reference-id', 'data-1', '--into', 'DSCKS/GVCN', path.join(repo, 'test-vectors/samples/hoc-ba-mau.xml'), gvcn]);
  execFileSync(bin, ['sign', '--key', path.join(keys, 'p256-key.pem'), '--cert', path.join(keys, 'p256-cert.pem'),
    '--reference-id', 'data-1', '--into', 'DSCKS/HieuTruong', '--countersign', 'sig-GVCN-SignatureValue', gvcn, file]);
  signed = { dir, file, bytes: fs.readFileSync(file) };
  return signed;
}

/** The signed transcript with one grade changed after signing. */
function tamperedTranscript() {
  const { dir, bytes } = signedTranscript();
  const text = bytes.toString('utf8');
  const changed = text.replace('<kq:DiemCK>9</kq:DiemCK>', '<kq:DiemCK>10</kq:DiemCK>');
  if (changed === text) throw new Error('the sample no longer has the grade this test changes');
  const file = path.join(dir, 'hoc-ba-bi-sua.xml');
  fs.writeFileSync(file, changed);
  return { file, bytes: Buffer.from(changed) };
}

module.exports = { repo, keys, sharedDir, hocbaBin, cliVerify, cliC14n, signedTranscript, tamperedTranscript };
