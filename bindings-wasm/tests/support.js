// Shared by the Node and browser tests: where things are, the hocba CLI as the reference, and a
// the documents they check, signed by the CLI with the test PKI (test-vectors/pki).
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

const pki = path.join(repo, 'test-vectors', 'pki');
/** The test PKI's root, what `--trust` and `trustedCertificates` are given. */
const testRoot = path.join(pki, 'root-cert.pem');
/** The CLI's trust arguments that match `trustOptions()`. */
const cliTrust = ['--trust', testRoot];
/** Trust in the test PKI for `verify`, as of `now` (ms): the same instant as `cliAt(now)`. */
function trustOptions(now) {
  return { trustedCertificates: [fs.readFileSync(testRoot)], now };
}
/** `--at` for the CLI: the instant `now` (ms; whole seconds) in UTC. */
function cliAt(now) {
  return ['--at', new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z')];
}
/** Now, in whole seconds (the report's resolution), as ms. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000) * 1000;
}

let scratch;
function scratchDir() {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hocba-wasm-'));
  return scratch;
}

let signed;
/** A generic signed document (not a transcript): the sample signed by the test PKI's GVCN (RSA)
 *  and its principal (ECDSA, countersigning), each checked against the test root when signing. */
function signedTranscript() {
  if (signed) return signed;
  const dir = scratchDir();
  const gvcn = path.join(dir, 'gvcn.xml');
  const file = path.join(dir, 'hoc-ba-da-ky.xml');
  const bin = hocbaBin();
  const trust = ['--trust', testRoot, '--crl', path.join(pki, 'ca.crl'), '--crl', path.join(pki, 'root.crl')];
  // KeyInfo carries the signer's certificate and the intermediate CA's: the path to the root.
  const ca = path.join(pki, 'ca-cert.pem');
  execFileSync(bin, ['sign', ...trust, '--key', path.join(pki, 'gvcn-key.pem'), '--cert', path.join(pki, 'gvcn-cert.pem'), '--cert', ca,
    '--reference-id', 'data-1', '--into', 'DSCKS/GVCN', path.join(repo, 'test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml'), gvcn]);
  execFileSync(bin, ['sign', ...trust, '--key', path.join(pki, 'hieutruong-key.pem'), '--cert', path.join(pki, 'hieutruong-cert.pem'), '--cert', ca,
    '--reference-id', 'data-1', '--into', 'DSCKS/HieuTruong', '--countersign', 'sig-GVCN-SignatureValue', gvcn, file]);
  signed = { dir, file, bytes: fs.readFileSync(file) };
  return signed;
}

const pkiSigned = {};
/** A one-year transcript (`test-vectors/transcripts/valid-thcs-ren-luyen-trong-he.xml`) signed under
 *  the profile by the test PKI's `teacher` as its GVCN, then by its principal countersigning; no
 *  validation data embedded (--no-trust-check: the verifier finds out about a revoked teacher). */
function pkiTranscript(teacher = 'gvcn') {
  if (pkiSigned[teacher]) return pkiSigned[teacher];
  const dir = scratchDir();
  const year = 'QTHT-2025-2026';
  const half = path.join(dir, `hoc-ba-${teacher}-gvcn.xml`);
  const file = path.join(dir, `hoc-ba-${teacher}.xml`);
  const sign = (key, role, extra, input, output) => execFileSync(hocbaBin(), ['sign', '--no-trust-check',
    '--key', path.join(pki, `${key}-key.pem`), '--cert', path.join(pki, `${key}-cert.pem`), '--cert', path.join(pki, 'ca-cert.pem'),
    '--reference-id', year, '--into', `DSCKS/ChuKyNamHoc[1]/${role}`, '--signature-id', `${year}-${role}`, ...extra, input, output],
  { stdio: ['ignore', 'ignore', 'ignore'] });
  sign(teacher, 'GVCN', [], path.join(repo, 'test-vectors/transcripts/valid-thcs-ren-luyen-trong-he.xml'), half);
  sign('hieutruong', 'HieuTruong', ['--countersign', `${year}-GVCN-SignatureValue`], half, file);
  pkiSigned[teacher] = { dir, file, bytes: fs.readFileSync(file) };
  return pkiSigned[teacher];
}

let revoked;
/** The sample signed by the test PKI's revoked signer (1003, keyCompromise), no validation data
 *  embedded: the CLI checks nothing before signing (--no-trust-check), the verifier finds out. */
function revokedSignerTranscript() {
  if (revoked) return revoked;
  const file = path.join(scratchDir(), 'hoc-ba-nguoi-ky-bi-thu-hoi.xml');
  execFileSync(hocbaBin(), ['sign', '--no-trust-check', '--key', path.join(pki, 'revoked-key.pem'), '--cert', path.join(pki, 'revoked-cert.pem'),
    '--cert', path.join(pki, 'ca-cert.pem'), '--reference-id', 'data-1', '--into', 'DSCKS/GVCN',
    path.join(repo, 'test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml'), file], { stdio: ['ignore', 'ignore', 'ignore'] });
  revoked = { file, bytes: fs.readFileSync(file) };
  return revoked;
}

/**
 * The test PKI's servers (test-vectors/pki/serve.sh): CRLs at 127.0.0.1:18080, OCSP at 127.0.0.1:18081, with
 * CORS, behind one HTTP proxy on a free port. `url` gives the proxy's URL.
 */
function pkiServers(command) {
  const stdout = execFileSync('bash', [path.join(pki, 'serve.sh'), command], { stdio: ['ignore', 'pipe', 'inherit'] });
  return stdout.toString().trim();
}

/** The generic signed document with one grade changed after signing. */
function tamperedTranscript() {
  const { dir, bytes } = signedTranscript();
  const text = bytes.toString('utf8');
  const changed = text.replace('<kq:DiemCK>9</kq:DiemCK>', '<kq:DiemCK>10</kq:DiemCK>');
  if (changed === text) throw new Error('the sample no longer has the grade this test changes');
  const file = path.join(dir, 'hoc-ba-bi-sua.xml');
  fs.writeFileSync(file, changed);
  return { file, bytes: Buffer.from(changed) };
}

let demo;
/** A real transcript (`hocba demo`): 4 THCS years, each signed by its GVCN then its principal
 *  with the test PKI, CRLs embedded (verifies offline with the test root trusted). */
function demoTranscript() {
  if (demo) return demo;
  const file = path.join(scratchDir(), 'hoc-ba-demo.xml');
  execFileSync(hocbaBin(), ['demo', '--pki', pki, '--out', file], { stdio: 'ignore' });
  demo = { file, bytes: fs.readFileSync(file) };
  return demo;
}

/** The demo transcript with every school seal's signature taken out (each `ConDau` place left
 *  empty): the signatures of the people still verify, so the years are not sealed. */
function unsealedDemo() {
  const { bytes } = demoTranscript();
  const text = bytes.toString('utf8');
  const unsealed = text.replace(/<ConDau>[\s\S]*?<\/ConDau>/g, '<ConDau/>');
  if (unsealed === text) throw new Error('the demo transcript no longer has seal signatures');
  const file = path.join(scratchDir(), 'hoc-ba-demo-khong-con-dau.xml');
  fs.writeFileSync(file, unsealed);
  return { file, bytes: Buffer.from(unsealed) };
}

/** The demo transcript with a score changed in a signed year. */
function tamperedDemo() {
  const { bytes } = demoTranscript();
  const text = bytes.toString('utf8');
  const match = text.match(/<DTBCaNam>(\d+(?:\.\d+)?)<\/DTBCaNam>/);
  if (!match) throw new Error('the demo transcript no longer has the score this test changes');
  const other = match[1] === '5.0' ? '6.0' : '5.0';
  const changed = text.replace(match[0], `<DTBCaNam>${other}</DTBCaNam>`);
  const file = path.join(scratchDir(), 'hoc-ba-demo-bi-sua.xml');
  fs.writeFileSync(file, changed);
  return { file, bytes: Buffer.from(changed) };
}

const copies = {};
/** A paper copy of `transcript` (`{ file }`, signed with the test PKI) by `hocba render`, trusting
 *  the test root with its CRLs: `{ file, bytes, reference }` (the reference the CLI printed). */
function paperCopy(name, transcript) {
  if (copies[name]) return copies[name];
  const file = path.join(scratchDir(), `${name}.pdf`);
  const trust = ['--trust', testRoot, '--crl', path.join(pki, 'ca.crl'), '--crl', path.join(pki, 'root.crl')];
  const out = execFileSync(hocbaBin(), ['render', ...trust, '-o', file, transcript.file], { encoding: 'utf8' });
  const reference = out.match(/HOCBA1:\S+/)?.[0];
  if (!reference) throw new Error(`hocba render printed no reference: ${out}`);
  copies[name] = { file, bytes: fs.readFileSync(file), reference };
  return copies[name];
}

/** `hocba verify --qr REFERENCE --json` on `file`: the CLI's report with its `paper` answer. */
function cliPaper(reference, file) {
  const run = spawnSync(hocbaBin(), ['verify', '--json', '--provider', 'rustcrypto', ...cliTrust, '--qr', reference, file], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`hocba verify --qr: exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Page `page` (1-based) of the PDF `file` as a greyscale image at `dpi` (`pdftoppm`, poppler):
 *  `{ file, luma, width, height }`, from a PGM (P5) file; `png: true` writes a PNG instead. */
function pageImage(file, page = 1, dpi = 150, png = false) {
  const out = path.join(scratchDir(), `${path.basename(file, '.pdf')}-${page}-${dpi}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', png ? '-png' : '-gray', file, out]);
  if (png) return { file: `${out}.png` };
  const pgm = fs.readFileSync(`${out}.pgm`);
  const header = pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  if (!header) throw new Error('pdftoppm wrote no 8-bit PGM');
  const [, width, height] = header.map(Number);
  return { file: `${out}.pgm`, luma: pgm.subarray(header[0].length), width, height };
}

/** The managing authority of the approval lists the tests write; the test PKI's `ltv` certificate
 *  plays it (as in cli/tests/approvals_cli.rs). */
const authority = { code: 'PVHXH-BD', name: 'Phòng Văn hóa - Xã hội phường Ba Đình', cert: path.join(pki, 'ltv-cert.pem') };
/** The demo transcript's schools (`hocba demo`). */
const demoSchools = [['01002345', 'Trường THCS Trưng Vương'], ['79004567', 'Trường THCS Nguyễn Du']];

/** Signed editions of an approval list written with `hocba approvals` (as
 *  cli/tests/approvals_cli.rs): the authority approves the demo transcript's GVCN and principal for
 *  both its schools from 2024. `signer`: whose key signs (another than `ltv` makes a list by
 *  someone who is not the authority); `validDays`: one entry per edition signed in turn (numbers
 *  1, 2, ...), the days until its next update; `publish`: where new editions are published
 *  (NoiCongBo); `sealRequired`: the schools must seal every year. Each edition carries the
 *  signer's and the CA's certificates, no revocation data (give the test PKI's CRLs). */
function approvalList({ signer = 'ltv', validDays = [30], publish = [], sealRequired = false } = {}) {
  const dir = fs.mkdtempSync(path.join(scratchDir(), 'danh-sach-'));
  const work = path.join(dir, 'danh-sach.xml');
  const run = (args) => execFileSync(hocbaBin(), ['approvals', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  run(['create', '--authority-code', authority.code, '--authority-name', authority.name, ...publish.flatMap((u) => ['--publish', u]), work]);
  for (const [code, name] of demoSchools) {
    run(['school', '--code', code, '--name', name, ...(sealRequired ? ['--seal-required'] : []), work]);
    // The demo's signers: each school's own homeroom teacher, principal and seal.
    const prefix = { '01002345': 'trung-vuong', '79004567': 'nguyen-du' }[code];
    for (const [cert, role] of [['gvcn', 'gvcn'], ['hieutruong', 'hieu-truong'], ['condau', 'con-dau']]) {
      const file = path.join(pki, 'schools', `${prefix}-${cert}-cert.pem`);
      run(['approve', '--school', code, '--cert', file, '--role', role, '--from', '2024-01-01T00:00:00Z', work]);
    }
  }
  const trust = ['--trust', testRoot, '--crl', path.join(pki, 'ca.crl'), '--crl', path.join(pki, 'root.crl')];
  return validDays.map((days, i) => {
    const file = path.join(dir, `danh-sach-so-${i + 1}.xml`);
    run(['sign', ...trust, '--valid-days', String(days), '--key', path.join(pki, `${signer}-key.pem`),
      '--cert', path.join(pki, `${signer}-cert.pem`), '--cert', path.join(pki, 'ca-cert.pem'), work, file]);
    return { file, bytes: fs.readFileSync(file) };
  });
}

/** `hocba show --json` / `hocba validate --json` as parsed objects. */
// Exit 0, 1 (not valid) or 2 (unreadable input, still reported as JSON, as `validate` does).
function cliJson(args) {
  const run = spawnSync(hocbaBin(), args, { encoding: 'utf8' });
  if (![0, 1, 2].includes(run.status) || !run.stdout) throw new Error(`hocba ${args[0]}: exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

module.exports = {
  repo, keys, pki, testRoot, cliTrust, trustOptions, cliAt, nowSeconds, sharedDir, hocbaBin, cliVerify, cliC14n, cliJson,
  signedTranscript, tamperedTranscript, demoTranscript, unsealedDemo, tamperedDemo, revokedSignerTranscript, pkiTranscript, pkiServers,
  authority, demoSchools, approvalList, paperCopy, cliPaper, pageImage, scratchDir,
};
