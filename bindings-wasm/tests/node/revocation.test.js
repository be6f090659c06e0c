// revocationRequests: what a verification still lacks and where to ask, on documents signed by
// the test PKI without embedded validation data; the answers (the PKI's own files, what its
// servers serve) handed back in `fetchedRevocation` make the verdict, reported with their URL.
// The signed samples are not transcripts: verified with `generic: true` (the CLI with --generic).
// The same requests and verdicts as the Rust suite core/tests/revocation_requests.rs.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const hocba = require('../../pkg/node/hocba_wasm.js');
const { pki, trustOptions, nowSeconds, cliVerify, cliTrust, cliAt, signedTranscript, revokedSignerTranscript, demoTranscript } = require('../support.js');

const OCSP = 'http://127.0.0.1:18081';
const CA_CRL = 'http://127.0.0.1:18080/ca.crl';
const ROOT_CRL = 'http://127.0.0.1:18080/root.crl';
const file = (name) => new Uint8Array(fs.readFileSync(path.join(pki, name)));
/** Trust in the test PKI as of `now`, for a generic signed document (the signed sample). */
const genericTrust = (now) => ({ ...trustOptions(now), generic: true });
const cliGenericTrust = ['--generic', ...cliTrust];
const subject = (name) => {
  // The subjects as the report writes them: take them from a verification.
  const report = hocba.verify(signedTranscript().bytes, { ...genericTrust(nowSeconds()), revocation: 'off' });
  const names = { gvcn: report.signatures[0].revocation[0].subject, ca: report.signatures[0].revocation[1].subject,
    hieutruong: report.signatures[1].revocation[0].subject };
  return names[name];
};

/** Each request answered with the file the test servers serve for it. */
function answers(requests, ocspFiles) {
  return requests.map((r) => {
    if (r.kind === 'crl') return { kind: 'crl', url: r.url, bytes: file(r.url === CA_CRL ? 'ca.crl.der' : 'root.crl.der') };
    const name = ocspFiles.find((f) => Buffer.from(file(`ocsp/${f}-req.der`)).equals(Buffer.from(r.body)));
    assert.ok(name, `an unexpected OCSP request to ${r.url}`);
    return { kind: 'ocsp', url: r.url, bytes: file(`ocsp/${name}.der`) };
  });
}

test('two signers without validation data: OCSP for each, the CRLs once; answered, valid', () => {
  const now = nowSeconds();
  const { bytes } = signedTranscript();
  const requests = hocba.revocationRequests(bytes, genericTrust(now));
  assert.deepEqual(requests.map((r) => [r.kind, r.url, r.subjects]), [
    ['ocsp', OCSP, [subject('gvcn')]],
    ['crl', CA_CRL, [subject('gvcn'), subject('hieutruong')]],
    ['crl', ROOT_CRL, [subject('ca')]],
    ['ocsp', OCSP, [subject('hieutruong')]],
  ]);
  // OCSP bodies are what `openssl ocsp -issuer ca-cert.pem -cert ...` sends; CRLs have none.
  assert.ok(requests[0].body instanceof Uint8Array);
  assert.deepEqual(Buffer.from(requests[0].body), fs.readFileSync(path.join(pki, 'ocsp/gvcn-req.der')));
  assert.deepEqual(Buffer.from(requests[3].body), fs.readFileSync(path.join(pki, 'ocsp/hieutruong-req.der')));
  assert.equal(requests[1].body, undefined);

  // Without answers: undetermined, as the CLI offline.
  const offline = hocba.verify(bytes, genericTrust(now));
  assert.equal(offline.verdict, 'undetermined');
  assert.equal(cliVerify([...cliGenericTrust, ...cliAt(now)], signedTranscript().file).verdict, 'undetermined');

  const fetchedRevocation = answers(requests, ['gvcn', 'hieutruong']);
  const report = hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation });
  assert.equal(report.verdict, 'valid', JSON.stringify(report.signatures.map((s) => s.problems)));
  for (const signature of report.signatures) {
    assert.deepEqual(signature.revocation.map((c) => [c.status, c.source.kind, c.source.origin]), [['good', 'ocsp', OCSP], ['good', 'crl', ROOT_CRL]]);
  }
  // The CLI with the same answers as files: the same verdict.
  const files = ['--crl', path.join(pki, 'root.crl'), '--ocsp-response', path.join(pki, 'ocsp/gvcn.der'), '--ocsp-response', path.join(pki, 'ocsp/hieutruong.der')];
  assert.equal(cliVerify([...cliGenericTrust, ...cliAt(now), ...files], signedTranscript().file).verdict, 'valid');
  // Nothing more to ask once the answers are at hand, fetched or supplied.
  assert.deepEqual(hocba.revocationRequests(bytes, { ...genericTrust(now), fetchedRevocation }), []);
  assert.deepEqual(hocba.revocationRequests(bytes, { ...genericTrust(now), crls: [file('ca.crl.der')] }).map((r) => r.url), [ROOT_CRL]);
});

test('a revoked signer: revoked with the fetched OCSP answer', () => {
  const now = nowSeconds();
  const { bytes, file: signed } = revokedSignerTranscript();
  const requests = hocba.revocationRequests(bytes, genericTrust(now));
  assert.deepEqual(requests.map((r) => [r.kind, r.url]), [['ocsp', OCSP], ['crl', CA_CRL], ['crl', ROOT_CRL]]);
  const report = hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation: answers(requests, ['revoked']) });
  assert.equal(report.verdict, 'invalid');
  const [check] = report.signatures[0].revocation;
  assert.equal(check.status, 'revoked');
  assert.equal(check.reason, 'keyCompromise');
  assert.equal(check.source.origin, OCSP);
  assert.deepEqual(report.signatures[0].problems.map((p) => p.code), ['revoked']);
  assert.deepEqual(report.signatures[0].etsi, { indication: 'TOTAL_FAILED', sub_indication: 'REVOKED' });
  assert.equal(report.etsi.signatures_count, report.signatures.length);
  assert.equal(cliVerify([...cliGenericTrust, ...cliAt(now), '--ocsp-response', path.join(pki, 'ocsp/revoked.der')], signed).verdict, 'invalid');
});

test('nothing to ask: embedded validation data, revocation off, an untrusted signer', () => {
  const now = nowSeconds();
  // The demo transcript embeds its CRLs.
  assert.deepEqual(hocba.revocationRequests(demoTranscript().bytes, trustOptions(now)), []);
  assert.deepEqual(hocba.revocationRequests(signedTranscript().bytes, { ...genericTrust(now), revocation: 'off' }), []);
  // A document verify would refuse as not a transcript: nothing is asked about its signers.
  assert.deepEqual(hocba.revocationRequests(signedTranscript().bytes, trustOptions(now)), []);
  // Under the government roots the test signers have no path: their revocation does not matter.
  assert.deepEqual(hocba.revocationRequests(signedTranscript().bytes, { now, generic: true }), []);
});

test('errors: JS Errors with a code; an unreadable fetched answer names its index', () => {
  const now = nowSeconds();
  const { bytes } = signedTranscript();
  const requests = hocba.revocationRequests(bytes, genericTrust(now));
  const good = answers(requests, ['gvcn', 'hieutruong']);
  const html = new TextEncoder().encode('<html>502 Bad Gateway</html>');
  const throwsWith = (fn, expected) => assert.throws(fn, (e) => {
    assert.ok(e instanceof Error);
    for (const [key, value] of Object.entries(expected)) assert.equal(e[key], value, `${key}: ${e.message}`);
    return true;
  });
  throwsWith(() => hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation: [good[0], { ...good[1], bytes: html }] }),
    { code: 'crl-malformed', index: 1 });
  throwsWith(() => hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation: [{ ...good[0], bytes: html }] }),
    { code: 'ocsp-response-malformed', index: 0 });
  throwsWith(() => hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation: [{ ...good[0], kind: 'ldap' }] }), { code: 'invalid-setting' });
  throwsWith(() => hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation: [{ ...good[0], extra: 1 }] }), { code: 'invalid-setting' });
  throwsWith(() => hocba.verify(bytes, { ...genericTrust(now), fetchedRevocation: [{ kind: 'crl', url: CA_CRL }] }), { code: 'invalid-setting' });
  throwsWith(() => hocba.revocationRequests(bytes, { ...trustOptions(now), fetched: [] }), { code: 'invalid-setting' });
  throwsWith(() => hocba.revocationRequests('not xml <', trustOptions(now)), { code: 'xml' });
  throwsWith(() => hocba.revocationRequests(42, trustOptions(now)), { code: 'invalid-setting' });
});

test('the types: revocationRequests, RevocationRequest, fetchedRevocation', () => {
  for (const target of ['node', 'web']) {
    const types = fs.readFileSync(path.join(__dirname, '..', '..', 'pkg', target, 'hocba_wasm.d.ts'), 'utf8');
    assert.match(types, /export function revocationRequests\(xml: XmlInput, options\?: VerifyOptions \| null\): RevocationRequest\[\];/);
    assert.match(types, /export interface RevocationRequest \{[^}]*kind: "crl" \| "ocsp";[^}]*url: string;[^}]*body\?: Uint8Array;[^}]*subjects: string\[\];/);
    assert.match(types, /fetchedRevocation\?: FetchedRevocation\[\];/);
    assert.match(types, /export interface FetchedRevocation \{[^}]*bytes: Uint8Array;/);
  }
});
