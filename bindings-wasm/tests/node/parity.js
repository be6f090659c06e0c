// The same report as `hocba verify --json` (the Rust core through the CLI) on the same file, field
// by field (and the record a batch keeps): the binding hands over the core's report, and adds only the transcript model,
// what it did with the approval lists (`approvals`; the CLI says that on stderr) and whether the document came out of a
// PDF copy (`from_pdf`).
'use strict';
const assert = require('node:assert/strict');

/** What the CLI adds to the core's report for its batch rows. */
const CLI_ONLY = ['kind', 'file', 'transcript', 'student_id', 'student_name'];

function assertSameAsCli(result, cli, what) {
  assert.ok(cli.verdict, `${what}: the CLI did not report: ${JSON.stringify(cli)}`);
  const ours = { ...result };
  delete ours.transcript;
  delete ours.approvals;
  delete ours.from_pdf;
  const theirs = Object.fromEntries(Object.entries(cli).filter(([k]) => !CLI_ONLY.includes(k)));
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort(), `${what}: report fields`);
  for (const field of Object.keys(theirs)) {
    if (field === 'signatures') continue;
    assert.deepEqual(ours[field], theirs[field], `${what}: ${field}`);
  }
  assert.equal(ours.signatures.length, theirs.signatures.length, `${what}: signatures`);
  ours.signatures.forEach((signature, i) => {
    for (const field of Object.keys(theirs.signatures[i])) {
      assert.deepEqual(signature[field], theirs.signatures[i][field], `${what}: signatures[${i}].${field}`);
    }
    assert.deepEqual(Object.keys(signature).sort(), Object.keys(theirs.signatures[i]).sort(), `${what}: signatures[${i}] fields`);
  });
  // A transcript model only where the CLI, too, read the document as a transcript.
  if (result.transcript !== null) assert.equal(cli.transcript, true, `${what}: transcript`);
  if (cli.transcript === false) assert.equal(result.transcript, null, `${what}: transcript`);
}

module.exports = { assertSameAsCli };
