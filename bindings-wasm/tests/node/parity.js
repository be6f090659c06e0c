// The same answer as `hocba verify --json` (the Rust core through the CLI) on the same file.
'use strict';
const assert = require('node:assert/strict');

function assertSameAsCli(result, cli, what) {
  assert.equal(result.verdict === 'valid', cli.valid, `${what}: verdict ${result.verdict}, CLI valid=${cli.valid}`);
  if (!cli.valid) {
    assert.ok(result.problems.length > 0, `${what}: no problem reported`);
    assert.equal(result.problems[0].code, cli.error.code, what);
    assert.equal(result.problems[0].message, cli.error.message, what);
    return;
  }
  assert.equal(result.problems.length, 0, what);
  assert.deepEqual(
    result.signatures.map((s) => ({
      id: s.id,
      position: s.position,
      algorithm: s.algorithm,
      key: s.key,
      signer_certificate_sha256: s.signer ? s.signer.sha256 : null,
      claimed_signing_time: s.claimedSigningTime,
      references: s.references.map((r) => ({ uri: r.uri, digest_algorithm: r.digestAlgorithm })),
      warnings: s.warnings.length,
    })),
    cli.signatures.map((s) => ({ ...s, key: { type: s.key.type, bits: s.key.bits }, warnings: s.warnings.length })),
    what,
  );
}

module.exports = { assertSameAsCli };
