// The third-party vectors (../shared/vectors): every XML-signature row gives the manifest's
// expected outcome and exactly what `hocba verify --json --provider rustcrypto` gives (as the Rust
// suite dsig_vectors does, SHA-1 rows first without the legacy option; none is a transcript, so each
// is verified with `generic: true`, the CLI with --generic); every C14N row gives the
// CLI's bytes, and the expected output where the row needs no DTD.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const hocba = require('../../pkg/node/hocba_wasm.js');
const { sharedDir, cliVerify, cliC14n, cliAt, nowSeconds } = require('../support.js');
const { assertSameAsCli } = require('./parity.js');

function manifest(file) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const names = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [names[i], v])));
}

test('XML-signature vectors: manifest verdicts, same as the CLI', (t) => {
  const shared = sharedDir(t);
  if (!shared) return;
  const dir = path.join(shared, 'vectors/dsig');
  const rows = manifest(path.join(dir, 'manifest.tsv'));
  assert.ok(rows.length > 0);
  let checked = 0;
  const now = nowSeconds();
  for (const row of rows) {
    const file = path.join(dir, row.file);
    const bytes = fs.readFileSync(file);
    // A pinned key, as --key; or the key from KeyInfo with the row's anchor trusted, as --trust.
    const keyed = !row.key.startsWith('keyinfo');
    const trusted = row.trusted !== '-' ? path.join(dir, row.trusted) : null;
    const options = keyed
      ? { trustedKeys: [fs.readFileSync(path.join(dir, row.key))], now, generic: true }
      : { trustedCertificates: trusted ? [fs.readFileSync(trusted)] : undefined, now, generic: true };
    const args = ['--generic', ...(keyed ? ['--key', path.join(dir, row.key)] : trusted ? ['--trust', trusted] : []), ...cliAt(now)];
    // SHA-1, and RSA keys below 2048 bits, only with the legacy option, and then with a warning.
    const sha1 = row.algorithms.split(' ').some((a) => a.endsWith('sha1'));
    const strict = hocba.verify(bytes, options);
    assertSameAsCli(strict, cliVerify(args, file), `${row.file} without the legacy option`);
    const weakKey = strict.signatures.some((s) => s.problems.some((p) => p.code === 'weak-key'));
    const legacy = sha1 || weakKey;
    if (legacy) assert.notEqual(strict.verdict, 'valid', `${row.file}: accepted without the legacy option`);
    const result = legacy ? hocba.verify(bytes, { ...options, allowSha1: true }) : strict;
    if (legacy) assertSameAsCli(result, cliVerify([...args, '--allow-sha1'], file), row.file);
    if (row.expect === 'valid') {
      assert.equal(result.verdict, 'valid', `${row.file}: ${JSON.stringify(result)}`);
      if (legacy) assert.ok(result.signatures.every((s) => s.warnings.length > 0), `${row.file}: legacy without a warning`);
    } else {
      assert.notEqual(result.verdict, 'valid', row.file);
    }
    checked += 1;
  }
  t.diagnostic(`${checked} rows`);
});

const algorithms = {
  inclusive: 'c14n',
  'inclusive-comments': 'c14n-comments',
  exclusive: 'exc-c14n',
  'exclusive-comments': 'exc-c14n-comments',
  c14n11: 'c14n11',
};

test('C14N vectors: the same bytes as the CLI, and the expected output', (t) => {
  const shared = sharedDir(t);
  if (!shared) return;
  const dir = path.join(shared, 'vectors/c14n');
  const rows = manifest(path.join(dir, 'manifest.tsv')).filter((r) => !r.subset.startsWith('xpath'));
  assert.ok(rows.length > 0);
  let expected = 0;
  for (const row of rows) {
    const input = path.join(dir, row.input);
    const algorithm = algorithms[row.algorithm];
    assert.ok(algorithm, `unknown algorithm ${row.algorithm}`);
    const options = { algorithm };
    const args = ['--algorithm', algorithm];
    if (row.prefix_list !== '-') {
      options.prefixList = row.prefix_list;
      args.push('--prefix-list', row.prefix_list);
    }
    if (row.subset !== 'whole') {
      const name = row.subset.match(/\{[^}]*\}[\w.-]+/)[0];
      options.subtree = name;
      args.push('--subtree', name);
    }
    const cli = cliC14n(args, input);
    let ours = null;
    try {
      ours = Buffer.from(hocba.c14n(fs.readFileSync(input), options), 'utf8');
    } catch (e) {
      assert.equal(e.code, 'xml', `${row.input}: ${e.message}`);
    }
    assert.deepEqual(ours, cli, `${row.input} (${row.algorithm}, ${row.subset}): differs from the CLI`);
    if (row.needs_dtd === 'no' && cli !== null) {
      assert.deepEqual(ours, fs.readFileSync(path.join(dir, row.expected_output)), `${row.input}: differs from the expected output`);
      expected += 1;
    }
  }
  t.diagnostic(`${rows.length} rows, ${expected} against their expected output`);
});
