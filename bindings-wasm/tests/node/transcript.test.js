// verify() against `hocba verify --json` on documents the CLI signed with the test PKI: the same
// report, field by field, under the same trust, revocation data and clock (the signed sample is
// not a transcript: verified with `generic: true`, as `--generic`, and refused without); a real transcript
// (`hocba demo`) with its model handed out only under a valid verdict; parseTranscript() and
// validate() against `hocba show --json` and `hocba validate --json` on every sample.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const hocba = require('../../pkg/node/hocba_wasm.js');
const {
  repo, pki, cliTrust, trustOptions, cliAt, nowSeconds, hocbaBin, cliVerify, cliJson, signedTranscript,
  tamperedTranscript, demoTranscript, tamperedDemo,
} = require('../support.js');
const { assertSameAsCli } = require('./parity.js');

const crlFiles = [path.join(pki, 'ca.crl'), path.join(pki, 'root.crl')];
const crls = crlFiles.map((f) => fs.readFileSync(f));
const cliCrls = crlFiles.flatMap((f) => ['--crl', f]);
const rootSha256 = new crypto.X509Certificate(fs.readFileSync(path.join(pki, 'root-cert.pem'))).fingerprint256.replaceAll(':', '').toLowerCase();
const allProblems = (r) => [...r.problems, ...r.signatures.flatMap((s) => s.problems)].map((p) => p.code);
// The signed sample is a generic signed document (namespace urn:hocba:vi-du:1.0), not a transcript.
const generic = { generic: true };
const cliGeneric = ['--generic'];

test('a signed document, the test root trusted, CRLs given: valid, who, role, chain, revocation', () => {
  const { file, bytes } = signedTranscript();
  const now = nowSeconds();
  const result = hocba.verify(bytes, { ...trustOptions(now), crls, ...generic });
  assertSameAsCli(result, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, ...cliAt(now)], file), 'signed');
  assert.equal(result.verdict, 'valid', JSON.stringify(allProblems(result)));
  assert.equal(result.verified_at, new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  assert.equal(result.transcript, null, 'the sample is not a transcript of the model');
  const [teacher, principal] = result.signatures;
  assert.equal(teacher.role, 'Giáo viên chủ nhiệm');
  assert.equal(principal.role, 'Hiệu trưởng');
  assert.equal(teacher.place, 'DSCKS/GVCN');
  assert.ok(teacher.signer.name && teacher.signer.organization, JSON.stringify(teacher.signer));
  assert.ok(principal.covers.includes('#sig-GVCN-SignatureValue'), 'the principal countersigns');
  for (const s of result.signatures) {
    assert.equal(s.verdict, 'valid');
    assert.ok(s.chain.length >= 2, 'signer up to the root');
    assert.equal(s.chain.at(-1).sha256, rootSha256, 'the chain ends at the trusted root');
    assert.ok(s.revocation.length > 0 && s.revocation.every((r) => r.status === 'good'), JSON.stringify(s.revocation));
    assert.ok(s.revocation.every((r) => r.source && r.source.origin === 'supplied'), JSON.stringify(s.revocation));
  }
  // The same instant as a Date, and the bytes as a string.
  assert.deepEqual(hocba.verify(bytes.toString('utf8'), { ...trustOptions(new Date(now)), crls, ...generic }), result);
});

test('without revocation data: undetermined (require), valid with revocation off; as the CLI', () => {
  const { file, bytes } = signedTranscript();
  const now = nowSeconds();
  const required = hocba.verify(bytes, { ...trustOptions(now), ...generic });
  assertSameAsCli(required, cliVerify([...cliGeneric, ...cliTrust, ...cliAt(now)], file), 'no CRLs');
  assert.equal(required.verdict, 'undetermined');
  assert.ok(allProblems(required).includes('revocation-unknown'), JSON.stringify(allProblems(required)));
  for (const policy of ['off', 'soft-fail']) {
    const result = hocba.verify(bytes, { ...trustOptions(now), revocation: policy, ...generic });
    assertSameAsCli(result, cliVerify([...cliGeneric, ...cliTrust, '--revocation', policy, ...cliAt(now)], file), policy);
    assert.equal(result.revocation_policy, policy);
  }
});

test('OCSP responses for the signers and the root\'s CRL for the CA: the status from each, as the CLI', () => {
  const { file, bytes } = signedTranscript();
  const now = nowSeconds();
  const ocspFiles = ['gvcn.der', 'hieutruong.der'].map((f) => path.join(pki, 'ocsp', f));
  const rootCrl = path.join(pki, 'root.crl');
  const result = hocba.verify(bytes, { ...trustOptions(now), ocspResponses: ocspFiles.map((f) => fs.readFileSync(f)), crls: [fs.readFileSync(rootCrl)], ...generic });
  const cli = cliVerify([...cliGeneric, ...cliTrust, ...ocspFiles.flatMap((f) => ['--ocsp-response', f]), '--crl', rootCrl, ...cliAt(now)], file);
  assertSameAsCli(result, cli, 'OCSP');
  assert.equal(result.verdict, 'valid', JSON.stringify(allProblems(result)));
  for (const s of result.signatures) {
    assert.deepEqual(s.revocation.map((r) => [r.status, r.source.kind, r.source.origin]), [['good', 'ocsp', 'supplied'], ['good', 'crl', 'supplied']]);
  }
});

test('a grade changed after signing is invalid, and says where', () => {
  const { file, bytes } = tamperedTranscript();
  const now = nowSeconds();
  const result = hocba.verify(bytes, { ...trustOptions(now), crls, ...generic });
  assertSameAsCli(result, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, ...cliAt(now)], file), 'tampered');
  assert.equal(result.verdict, 'invalid');
  assert.ok(allProblems(result).includes('digest-mismatch'), JSON.stringify(allProblems(result)));
  const finding = [...result.problems, ...result.signatures.flatMap((s) => s.problems)][0];
  assert.ok(finding.vi.length > 0 && finding.en.length > 0);
});

test('default trust is the government roots: a test-PKI signer is not trusted', () => {
  const { file, bytes } = signedTranscript();
  const now = nowSeconds();
  const result = hocba.verify(bytes, { now, crls, ...generic });
  assertSameAsCli(result, cliVerify([...cliGeneric, ...cliCrls, ...cliAt(now)], file), 'government roots');
  assert.notEqual(result.verdict, 'valid');
  assert.ok(allProblems(result).includes('untrusted'), JSON.stringify(allProblems(result)));
});

test('a revoked signer is invalid: revoked, with the CRL as source', () => {
  const dir = signedTranscript().dir;
  const file = path.join(dir, 'revoked.xml');
  execFileSync(hocbaBin(), ['sign', '--no-trust-check', '--key', path.join(pki, 'revoked-key.pem'), '--cert', path.join(pki, 'revoked-cert.pem'), '--cert', path.join(pki, 'ca-cert.pem'),
    '--reference-id', 'data-1', '--into', 'DSCKS/GVCN', path.join(repo, 'test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml'), file]);
  const now = nowSeconds();
  const result = hocba.verify(fs.readFileSync(file), { ...trustOptions(now), crls, ...generic });
  assertSameAsCli(result, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, ...cliAt(now)], file), 'revoked');
  assert.equal(result.verdict, 'invalid');
  assert.ok(allProblems(result).includes('revoked'), JSON.stringify(allProblems(result)));
  const revoked = result.signatures[0].revocation.find((r) => r.status === 'revoked');
  assert.ok(revoked && revoked.source, JSON.stringify(result.signatures[0].revocation));
});

test('the verification time is the caller\'s: judged in 2100, the certificates have expired', () => {
  const now = Date.UTC(2100, 0, 1);
  const { file, bytes } = signedTranscript();
  const result = hocba.verify(bytes, { ...trustOptions(now), crls, time: 'now', ...generic });
  assertSameAsCli(result, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, '--time', 'now', ...cliAt(now)], file), '2100, now');
  assert.equal(result.verdict, 'undetermined');
  assert.ok(allProblems(result).includes('out-of-bounds-no-poe'), JSON.stringify(allProblems(result)));
  // The default policy, "timestamp": no time-stamp, so judged at the verification time as well, the
  // signer's claim reported beside it; nothing proves the signatures older than the expiry.
  const stamped = hocba.verify(bytes, { ...trustOptions(now), crls, ...generic });
  assertSameAsCli(stamped, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, ...cliAt(now)], file), '2100, timestamp');
  assert.deepEqual(hocba.verify(bytes, { ...trustOptions(now), crls, time: 'timestamp', ...generic }), stamped);
  assert.equal(stamped.verdict, 'undetermined');
  assert.ok(allProblems(stamped).includes('out-of-bounds-no-poe'), JSON.stringify(allProblems(stamped)));
  for (const s of stamped.signatures) {
    assert.deepEqual(s.signing_time, { source: 'verification-time', time: '2100-01-01T00:00:00Z' });
    assert.match(s.claimed_signing_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
  // The legacy policy, "claimed": judged at the signer's claim, the same as the CLI, whatever it decides.
  const claimed = hocba.verify(bytes, { ...trustOptions(now), crls, time: 'claimed', ...generic });
  assertSameAsCli(claimed, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, '--time', 'claimed', ...cliAt(now)], file), '2100, claimed');
  assert.ok(claimed.signatures.every((s) => s.signing_time.source === 'claimed' && s.signing_time.time === s.claimed_signing_time),
    JSON.stringify(claimed.signatures.map((s) => [s.signing_time, s.claimed_signing_time])));
  // "best" is gone.
  assert.throws(() => hocba.verify(bytes, { ...trustOptions(now), time: 'best', ...generic }), (e) => e.code === 'invalid-setting');
});

test('pinned keys, as hocba verify --key', () => {
  const { file, bytes } = signedTranscript();
  const now = nowSeconds();
  const certs = ['gvcn-cert.pem', 'hieutruong-cert.pem'].map((f) => path.join(pki, f));
  const result = hocba.verify(bytes, { trustedKeys: certs.map((f) => fs.readFileSync(f)), now, ...generic });
  assertSameAsCli(result, cliVerify([...cliGeneric, ...certs.flatMap((f) => ['--key', f]), ...cliAt(now)], file), 'pinned');
  assert.equal(result.verdict, 'valid');
});

test('a signed document that is not a transcript: invalid (not-a-transcript) unless generic: true, as the CLI', () => {
  const { file, bytes } = signedTranscript();
  const now = nowSeconds();
  for (const options of [{}, { generic: false }]) {
    const refused = hocba.verify(bytes, { ...trustOptions(now), crls, ...options });
    assertSameAsCli(refused, cliVerify([...cliTrust, ...cliCrls, ...cliAt(now)], file), 'not a transcript');
    assert.equal(refused.verdict, 'invalid');
    assert.deepEqual(refused.problems.map((p) => p.code), ['not-a-transcript']);
    assert.match(refused.problems[0].en, /\{urn:hocba:vi-du:1\.0\}HocBa/);
    assert.ok(refused.problems[0].vi.length > 0);
    assert.deepEqual(refused.signatures, []);
    assert.equal(refused.transcript, null);
  }
  const verified = hocba.verify(bytes, { ...trustOptions(now), crls, generic: true });
  assertSameAsCli(verified, cliVerify([...cliGeneric, ...cliTrust, ...cliCrls, ...cliAt(now)], file), 'generic');
  assert.equal(verified.verdict, 'valid', JSON.stringify(allProblems(verified)));
  assert.deepEqual(verified.problems, []);
  assert.equal(verified.signatures.length, 2);
});

test('a transcript with an unknown element in its unsigned ThongTinBanGhi: invalid, generic: true or not', () => {
  const { bytes } = demoTranscript();
  const text = bytes.toString('utf8');
  assert.equal(text.split('</ThongTinBanGhi>').length, 2, 'one ThongTinBanGhi');
  const changed = text.replace('</ThongTinBanGhi>', '<GhiChu/></ThongTinBanGhi>');
  const file = path.join(signedTranscript().dir, 'hoc-ba-demo-ghi-chu.xml');
  fs.writeFileSync(file, changed);
  const now = nowSeconds();
  assert.equal(hocba.verify(bytes, { ...trustOptions(now), generic: true }).verdict, 'valid');
  const results = [false, true].map((asked) => {
    const result = hocba.verify(changed, { ...trustOptions(now), generic: asked });
    assertSameAsCli(result, cliVerify([...(asked ? cliGeneric : []), ...cliTrust, ...cliAt(now)], file), `GhiChu, generic ${asked}`);
    assert.equal(result.verdict, 'invalid');
    assert.deepEqual(result.problems.map((p) => p.code), ['transcript-profile']);
    assert.match(result.problems[0].en, /\/HocBa\/ThongTinBanGhi\/GhiChu/);
    // Signed by no one, the element breaks no signature: the profile is what fails.
    assert.equal(result.signatures.length, 12);
    assert.ok(result.signatures.every((s) => s.problems.length === 0), JSON.stringify(allProblems(result)));
    assert.ok(result.transcript === null || result.transcript.valid === false);
    return result;
  });
  const { verified_at: _a, ...without } = results[0];
  const { verified_at: _b, ...withGeneric } = results[1];
  assert.deepEqual(withGeneric, without);
});

test('a real transcript (hocba demo): valid offline with the test root; the model handed out', () => {
  const { file, bytes } = demoTranscript();
  const now = nowSeconds();
  const result = hocba.verify(bytes, trustOptions(now));
  assertSameAsCli(result, cliVerify([...cliTrust, ...cliAt(now)], file), 'demo');
  assert.equal(result.verdict, 'valid', JSON.stringify(allProblems(result)));
  assert.equal(result.signatures.length, 12);
  assert.ok(result.signatures.every((s) => s.revocation.every((r) => r.status === 'good' && r.source.origin === 'embedded')));
  assert.equal(result.transcript.valid, true);
  assert.equal(result.transcript.withdrawn, false);
  assert.deepEqual(result.transcript.content, cliJson(['show', '--json', file]));
  assert.deepEqual(hocba.parseTranscript(bytes), result.transcript.content);
});

test('the demo transcript with a score changed: invalid, no valid transcript', () => {
  const { file, bytes } = tamperedDemo();
  const now = nowSeconds();
  const result = hocba.verify(bytes, trustOptions(now));
  assertSameAsCli(result, cliVerify([...cliTrust, ...cliAt(now)], file), 'demo tampered');
  assert.equal(result.verdict, 'invalid');
  assert.ok(allProblems(result).includes('digest-mismatch'), JSON.stringify(allProblems(result)));
  assert.ok(result.transcript === null || result.transcript.valid === false);
});

test('the demo transcript under the government roots: not valid, content marked not valid', () => {
  const { file, bytes } = demoTranscript();
  const now = nowSeconds();
  const result = hocba.verify(bytes, { now });
  assertSameAsCli(result, cliVerify([...cliAt(now)], file), 'demo untrusted');
  assert.notEqual(result.verdict, 'valid');
  assert.ok(result.transcript === null || result.transcript.valid === false);
});

test('parseTranscript and validate: the same as hocba show --json and hocba validate --json on every sample', () => {
  const dir = path.join(repo, 'test-vectors/transcripts');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml'));
  assert.ok(files.length >= 20, `${files.length} samples`);
  let parsed = 0;
  for (const name of files) {
    const file = path.join(dir, name);
    const bytes = fs.readFileSync(file);
    const cli = cliJson(['validate', '--json', file]);
    delete cli.file;
    assert.deepEqual(hocba.validate(bytes), cli, name);
    if (name.startsWith('error-')) assert.equal(hocba.validate(bytes).valid, false, name);
    const strict = cliJson(['validate', '--strict', '--json', file]);
    delete strict.file;
    assert.deepEqual(hocba.validate(bytes, { strict: true }), strict, `${name} strict`);
    let model = null;
    try {
      model = hocba.parseTranscript(bytes);
    } catch (e) {
      assert.ok(e.code === 'xml' || (typeof e.code === 'string' && e.path), `${name}: ${e.code} ${e.message}`);
      assert.ok(cli.findings.some((f) => f.severity === 'error'), `${name}: refused but valid: ${e.message}`);
      continue;
    }
    assert.deepEqual(model, cliJson(['show', '--json', file]), name);
    parsed += 1;
  }
  assert.ok(parsed >= 10, `${parsed} parsed`);
  assert.throws(() => hocba.parseTranscript(fs.readFileSync(path.join(dir, 'error-missing_element-ho-va-ten.xml'))),
    (e) => e.code === 'missing-element' && e.path.includes('/HocBa/QuaTrinhHocTap[1]/HocSinh/HoVaTen') && e.line > 0);
  assert.throws(() => hocba.parseTranscript('<a/>'), (e) => e.code === 'not-a-transcript');
  assert.throws(() => hocba.validate(bytesOf('x'), { strictly: true }), (e) => e.code === 'invalid-setting');
});

function bytesOf(text) {
  return new TextEncoder().encode(text);
}

test('an unsigned document is invalid', () => {
  const result = hocba.verify('<HocBa><DuLieuHocBa Id="data-1"/></HocBa>', { now: nowSeconds(), ...generic });
  assert.equal(result.verdict, 'invalid');
  assert.ok(result.problems.length > 0);
  assert.ok(!allProblems(result).includes('not-a-transcript'), JSON.stringify(allProblems(result)));
});

test('not XML: an Error with code xml and the position', () => {
  for (const input of ['Đây không phải XML', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), '<a><b></a>']) {
    assert.throws(() => hocba.verify(input), (e) => e instanceof Error && e.code === 'xml' && e.line >= 1 && e.message.length > 0);
  }
  assert.throws(() => hocba.verify('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'), (e) => e.code === 'xml' && /DOCTYPE/i.test(e.message));
});

test('bad options throw invalid-setting; unreadable certificates, CRLs, OCSP responses say which', () => {
  const { bytes } = signedTranscript();
  const code = (code) => (e) => e instanceof Error && e.code === code;
  const root = trustOptions(nowSeconds()).trustedCertificates[0];
  assert.throws(() => hocba.verify(bytes, { trustedCerts: [root] }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { trustedCertificates: root }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { trustedCertificates: [] }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { required: [{ place: 'HocBa' }] }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { allowSha1: 'yes' }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { revocation: 'maybe' }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { time: 'yesterday' }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { time: 'best' }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { generic: 'yes' }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { now: 'today' }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { now: NaN }), code('invalid-setting'));
  assert.throws(() => hocba.verify(42), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { idAttributes: [] }), code('invalid-setting'));
  assert.throws(() => hocba.verify(bytes, { trustedCertificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }), code('certificate-malformed'));
  assert.throws(() => hocba.verify(bytes, { intermediates: [new Uint8Array([1, 2, 3])] }), (e) => e.code === 'certificate-malformed' && /intermediates\[0\]/.test(e.message));
  assert.throws(() => hocba.verify(bytes, { crls: [root] }), (e) => e.code === 'crl-malformed' && /crls\[0\]/.test(e.message));
  assert.throws(() => hocba.verify(bytes, { ocspResponses: [new Uint8Array([0x30, 0x00])] }), code('ocsp-response-malformed'));
  assert.throws(() => hocba.verify(bytes, { trustedKeys: ['not a key'] }), code('invalid-key'));
  // Absent and undefined options are the defaults.
  const now = nowSeconds();
  assert.deepEqual(hocba.verify(bytes, { now, idAttributes: undefined, required: undefined, ...generic }), hocba.verify(bytes, { now, ...generic }));
  assert.deepEqual(hocba.verify(bytes, { now, generic: undefined }), hocba.verify(bytes, { now, generic: false }));
});

test('c14n of an element by Id and of the whole document', () => {
  const xml = '<r xmlns="urn:a"><e  Id="x" b="2" a="1"><!-- c --></e></r>';
  assert.equal(hocba.c14n(xml, { subtreeId: 'x' }), '<e xmlns="urn:a" Id="x" a="1" b="2"></e>');
  assert.equal(hocba.c14n(xml, { algorithm: 'c14n-comments' }), '<r xmlns="urn:a"><e Id="x" a="1" b="2"><!-- c --></e></r>');
  assert.throws(() => hocba.c14n(xml, { subtreeId: 'y' }), (e) => e.code === 'not-found');
  assert.throws(() => hocba.c14n(xml, { algorithm: 'md5' }), (e) => e.code === 'unsupported-algorithm');
  assert.throws(() => hocba.c14n('<r><e Id="x"/><e Id="x"/></r>', { subtreeId: 'x' }), (e) => e.code === 'duplicate-id');
});

test('checkRecords: the records of verify results checked together, as hocba verify over a folder', () => {
  const { bytes } = demoTranscript();
  const result = hocba.verify(bytes, trustOptions(nowSeconds()));
  assert.equal(result.record.verdict, 'valid');
  assert.ok(result.record.student_id && result.record.years.length > 0, JSON.stringify(result.record));
  const alone = hocba.checkRecords([{ label: 'a.xml', record: result.record }]);
  assert.equal(alone.length, 1);
  assert.ok(!alone[0].problems.some((p) => p.code === 'school-year-repeated'));
  const twice = hocba.checkRecords([{ label: 'a.xml', record: result.record }, { label: 'b.xml', record: result.record }]);
  const repeated = twice[0].problems.filter((p) => p.code === 'school-year-repeated');
  assert.equal(repeated.length, result.record.years.length);
  assert.match(repeated[0].vi, /a\.xml, b\.xml/);
  const invalid = { ...result.record, verdict: 'invalid' };
  assert.deepEqual(hocba.checkRecords([{ label: 'a.xml', record: result.record }, { label: 'b.xml', record: invalid }])[0].problems, alone[0].problems);
  for (const bad of [[{ label: 'a.xml' }], [{ label: 'a.xml', record: result.record, extra: 1 }], 'x', [{ label: 1, record: result.record }]]) {
    assert.throws(() => hocba.checkRecords(bad), (e) => e.code === 'invalid-setting', JSON.stringify(bad));
  }
});

test('codes(): every code the library reports, kebab-case, with a clerk\'s label where it has one; errors use them', () => {
  const all = hocba.codes();
  const names = new Set(all.map((c) => c.code));
  assert.equal(names.size, all.length);
  assert.ok(all.every((c) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.code)), 'kebab-case');
  const digest = all.find((c) => c.code === 'digest-mismatch');
  assert.equal(digest.vi, 'nội dung bị sửa sau khi ký');
  assert.equal(digest.en, 'content changed after signing');
  for (const thrown of [() => hocba.verify(42), () => hocba.verify('<a'), () => hocba.parseTranscript('<a/>')]) {
    assert.throws(thrown, (e) => names.has(e.code), String(thrown));
  }
  const { bytes } = tamperedDemo();
  const result = hocba.verify(bytes, trustOptions(nowSeconds()));
  assert.ok(allProblems(result).every((code) => names.has(code)), JSON.stringify(allProblems(result)));
});
