// verify() on a two-signature transcript: valid only with trusted certificates; a changed grade is
// invalid with or without them; an unknown signer is indeterminate, never valid; each answer equals
// `hocba verify --json` on the same file with the same options.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const hocba = require('../../pkg/node/hocba_wasm.js');
const { keys, cliVerify, signedTranscript, tamperedTranscript } = require('../support.js');
const { assertSameAsCli } = require('./parity.js');

const rsaCert = fs.readFileSync(path.join(keys, 'rsa2048-cert.pem'));
const p256Cert = fs.readFileSync(path.join(keys, 'p256-cert.pem'), 'utf8');
const trustBoth = { trustedCertificates: [rsaCert, p256Cert] };
const cliTrustBoth = ['--cert', path.join(keys, 'rsa2048-cert.pem'), '--cert', path.join(keys, 'p256-cert.pem')];
const transcriptChecks = {
  required: [{ id: 'data-1', place: 'HocBa/DuLieuHocBa' }],
  signaturePlaces: ['DSCKS/GVCN', 'DSCKS/HieuTruong'],
};
const cliTranscriptChecks = ['--require', 'data-1@HocBa/DuLieuHocBa', '--signature-place', 'DSCKS/GVCN', '--signature-place', 'DSCKS/HieuTruong'];

test('valid with both signers trusted: who, role, organization, when', () => {
  const { file, bytes } = signedTranscript();
  const result = hocba.verify(bytes, { ...trustBoth, ...transcriptChecks });
  assertSameAsCli(result, cliVerify([...cliTrustBoth, ...cliTranscriptChecks], file), 'signed transcript');
  assert.equal(result.verdict, 'valid');
  const [teacher, principal] = result.signatures;
  assert.equal(teacher.role, 'homeroom_teacher');
  assert.equal(teacher.place, 'DSCKS/GVCN');
  assert.equal(teacher.signer.subject.commonName, 'Nguyễn Thị Ánh (GVCN)');
  assert.equal(teacher.signer.subject.organization, 'Trường THCS Nguyễn Trãi (thử nghiệm)');
  assert.equal(principal.role, 'principal');
  assert.equal(principal.signer.subject.commonName, 'Trần Văn Bình (Hiệu trưởng)');
  assert.deepEqual(principal.key, { type: 'EC', bits: 256 });
  for (const s of result.signatures) {
    assert.equal(s.trusted, true);
    // The same instant, in UTC and in Vietnam (UTC+7).
    assert.equal(Date.parse(s.claimedSigningTime), Date.parse(s.claimedSigningTimeVietnam));
    assert.match(s.claimedSigningTimeVietnam, /\+07:00$/);
  }
  // The principal countersigns the teacher's signature value.
  assert.ok(principal.references.some((r) => r.uri === '#sig-GVCN-SignatureValue'));
});

test('the same answer from a string as from the bytes', () => {
  const { bytes } = signedTranscript();
  assert.deepEqual(hocba.verify(bytes.toString('utf8'), trustBoth), hocba.verify(new Uint8Array(bytes), trustBoth));
});

test('a grade changed after signing is invalid, with or without trusted certificates', () => {
  const { file, bytes } = tamperedTranscript();
  for (const [options, args] of [[trustBoth, cliTrustBoth], [{}, []]]) {
    const result = hocba.verify(bytes, options);
    assertSameAsCli(result, cliVerify(args, file), 'tampered transcript');
    assert.equal(result.verdict, 'invalid');
    assert.equal(result.problems[0].code, 'digest_mismatch');
    assert.equal(typeof result.problems[0].line, 'number');
    assert.deepEqual(result.signatures, []);
  }
});

test('no trusted certificate: indeterminate, never valid on the carried certificates', () => {
  const { file, bytes } = signedTranscript();
  const result = hocba.verify(bytes);
  assertSameAsCli(result, cliVerify([], file), 'untrusted');
  assert.equal(result.verdict, 'indeterminate');
  assert.equal(result.problems[0].code, 'no_trusted_key');
  assert.deepEqual(result.problems.slice(1).map((p) => p.code), ['signer_not_trusted', 'signer_not_trusted']);
  assert.deepEqual(result.signatures.map((s) => s.trusted), [false, false]);
  // The page still shows who the certificates name.
  assert.equal(result.signatures[0].signer.subject.commonName, 'Nguyễn Thị Ánh (GVCN)');
});

test('one signer trusted, the other not: indeterminate, each signature says which', () => {
  const { file, bytes } = signedTranscript();
  const result = hocba.verify(bytes, { trustedCertificates: [rsaCert] });
  assertSameAsCli(result, cliVerify(['--cert', path.join(keys, 'rsa2048-cert.pem')], file), 'one trusted');
  assert.equal(result.verdict, 'indeterminate');
  assert.equal(result.problems[0].code, 'bad_signature');
  assert.deepEqual(result.signatures.map((s) => s.trusted), [true, false]);
});

test('a trusted certificate of someone else: indeterminate', () => {
  const { file, bytes } = signedTranscript();
  const other = path.join(keys, 'p384-cert.pem');
  const result = hocba.verify(bytes, { trustedCertificates: [fs.readFileSync(other)] });
  assertSameAsCli(result, cliVerify(['--cert', other], file), 'other trusted');
  assert.equal(result.verdict, 'indeterminate');
});

test('a signature key swapped for another carried certificate is invalid', () => {
  // The principal's certificate put in the teacher's KeyInfo: the teacher's signature verifies
  // under no carried key, so the document is broken, not merely from an unknown signer.
  const { dir, bytes } = signedTranscript();
  const text = bytes.toString('utf8');
  const certs = [...text.matchAll(/<X509Certificate>([^<]+)<\/X509Certificate>/g)].map((m) => m[1]);
  assert.equal(certs.length, 2);
  const swapped = text.replace(certs[0], certs[1]);
  const file = path.join(dir, 'swapped.xml');
  fs.writeFileSync(file, swapped);
  const result = hocba.verify(swapped);
  assertSameAsCli(result, cliVerify([], file), 'swapped');
  assert.equal(result.verdict, 'invalid');
  assert.deepEqual(result.problems.map((p) => p.code), ['no_trusted_key', 'bad_signature']);
});

test('a signature outside the expected places is invalid', () => {
  const { file, bytes } = signedTranscript();
  const result = hocba.verify(bytes, { ...trustBoth, signaturePlaces: ['DSCKS/GVCN'] });
  assertSameAsCli(result, cliVerify([...cliTrustBoth, '--signature-place', 'DSCKS/GVCN'], file), 'place');
  assert.equal(result.verdict, 'invalid');
  assert.equal(result.problems[0].code, 'unexpected_place');
});

test('a required element the signatures do not cover is invalid', () => {
  const { file, bytes } = signedTranscript();
  const result = hocba.verify(bytes, { ...trustBoth, required: [{ id: 'nothing-here' }] });
  assertSameAsCli(result, cliVerify([...cliTrustBoth, '--require', 'nothing-here'], file), 'required');
  assert.equal(result.problems[0].code, 'not_covered');
});

test('an unsigned document is invalid: no_signature', () => {
  const result = hocba.verify('<HocBa><DuLieuHocBa Id="data-1"/></HocBa>', trustBoth);
  assert.equal(result.verdict, 'invalid');
  assert.equal(result.problems[0].code, 'no_signature');
});

test('not XML: an Error with code xml and the position', () => {
  for (const input of ['Đây không phải XML', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), '<a><b></a>']) {
    assert.throws(() => hocba.verify(input), (e) => e instanceof Error && e.code === 'xml' && e.line >= 1 && e.message.length > 0);
  }
  assert.throws(() => hocba.verify('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'), (e) => e.code === 'xml' && /DOCTYPE/i.test(e.message));
});

test('bad options throw invalid_option, unreadable certificates invalid_certificate', () => {
  const { bytes } = signedTranscript();
  const code = (code) => (e) => e instanceof Error && e.code === code;
  assert.throws(() => hocba.verify(bytes, { trustedCerts: [rsaCert] }), code('invalid_option'));
  assert.throws(() => hocba.verify(bytes, { trustedCertificates: rsaCert }), code('invalid_option'));
  assert.throws(() => hocba.verify(bytes, { required: [{ place: 'HocBa' }] }), code('invalid_option'));
  assert.throws(() => hocba.verify(bytes, { allowSha1: 'yes' }), code('invalid_option'));
  assert.throws(() => hocba.verify(42), code('invalid_option'));
  assert.throws(() => hocba.verify(bytes, { idAttributes: [] }), code('invalid_option'));
  // Absent and undefined options are the defaults.
  assert.deepEqual(hocba.verify(bytes, { idAttributes: undefined, required: undefined }), hocba.verify(bytes));
  assert.throws(() => hocba.verify(bytes, { trustedCertificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }), code('invalid_certificate'));
  assert.throws(() => hocba.verify(bytes, { trustedCertificates: [new Uint8Array([1, 2, 3])] }), code('invalid_certificate'));
  assert.throws(() => hocba.verify(bytes, { trustedKeys: ['not a key'] }), code('invalid_key'));
});

test('idAttributes names the Id attributes', () => {
  const { bytes } = signedTranscript();
  // The signatures reference #data-1 through its Id attribute: without that name they cannot resolve.
  const result = hocba.verify(bytes, { ...trustBoth, idAttributes: ['ID'] });
  assert.equal(result.verdict, 'invalid');
  assert.equal(result.problems[0].code, 'unresolved_reference');
  assert.equal(hocba.verify(bytes, { ...trustBoth, idAttributes: ['Id'] }).verdict, 'valid');
});

test('trusted keys work like trusted certificates', () => {
  const { bytes } = signedTranscript();
  const result = hocba.verify(bytes, { trustedKeys: [rsaCert, p256Cert] });
  assert.equal(result.verdict, 'valid');
});

test('c14n of an element by Id and of the whole document', () => {
  const xml = '<r xmlns="urn:a"><e  Id="x" b="2" a="1"><!-- c --></e></r>';
  assert.equal(hocba.c14n(xml, { subtreeId: 'x' }), '<e xmlns="urn:a" Id="x" a="1" b="2"></e>');
  assert.equal(hocba.c14n(xml, { algorithm: 'c14n-comments' }), '<r xmlns="urn:a"><e Id="x" a="1" b="2"><!-- c --></e></r>');
  assert.throws(() => hocba.c14n(xml, { subtreeId: 'y' }), (e) => e.code === 'not_found');
  assert.throws(() => hocba.c14n(xml, { algorithm: 'md5' }), (e) => e.code === 'c14n');
  assert.throws(() => hocba.c14n('<r><e Id="x"/><e Id="x"/></r>', { subtreeId: 'x' }), (e) => e.code === 'duplicate_id');
});
