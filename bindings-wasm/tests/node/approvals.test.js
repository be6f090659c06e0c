// The managing authority's approval lists through verify(): lists written and signed with
// `hocba approvals` (the test PKI's `ltv` certificate plays the authority, as in
// cli/tests/approvals_cli.rs) against the demo transcript. A list by the authority approves the
// signers (valid, who approved each); no list leaves a warning; a list by anyone else is refused
// and the verdict undetermined; a stale list names where its next edition is
// (approvalListRequests) and the edition fetched from there is used (fetchedApprovals). Reports
// are the CLI's (`hocba verify --approvals`) field by field.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const hocba = require('../../pkg/node/hocba_wasm.js');
const { pki, cliTrust, trustOptions, cliAt, nowSeconds, cliVerify, demoTranscript, unsealedDemo, authority, demoSchools, approvalList } = require('../support.js');
const { assertSameAsCli } = require('./parity.js');

const crlFiles = [path.join(pki, 'ca.crl'), path.join(pki, 'root.crl')];
const crls = crlFiles.map((f) => fs.readFileSync(f));
const cliCrls = crlFiles.flatMap((f) => ['--crl', f]);
const authorityPem = fs.readFileSync(authority.cert);
/** The test PKI trusted, its CRLs given, the authority's certificate trusted for lists. */
const base = (now) => ({ ...trustOptions(now), crls, approvalAuthorities: [authorityPem] });
const codes = (findings) => findings.map((f) => f.code);
const DAY = 86400 * 1000;

let lists;
/** The lists, written once: the authority's, one by the principal (not an authority), one that
 *  requires the school seal, and two editions of a list published at PUBLISHED, the first due for
 *  its next update after a day. */
const PUBLISHED = 'https://pheduyet.example.vn/ba-dinh/danh-sach.xml';
function fixtures() {
  lists ??= {
    authority: approvalList()[0],
    principal: approvalList({ signer: 'hieutruong' })[0],
    seal: approvalList({ sealRequired: true })[0],
    editions: approvalList({ validDays: [1, 30], publish: [PUBLISHED] }),
  };
  return lists;
}

test('a list signed by the authority approves the signers: valid, with who approved each', () => {
  const now = nowSeconds();
  const demo = demoTranscript();
  const { authority: list } = fixtures();
  const result = hocba.verify(demo.bytes, { ...base(now), approvals: [{ label: 'danh-sach-so-1.xml', bytes: list.bytes }] });
  assert.equal(result.verdict, 'valid', JSON.stringify([result.problems, result.signatures.map((s) => s.problems)]));
  assert.deepEqual(result.warnings, []);
  const cli = cliVerify([...cliTrust, ...cliCrls, ...cliAt(now), '--approvals', list.file, '--approval-authority', authority.cert], demo.file);
  assertSameAsCli(result, cli, 'approved');

  // Every signer, per year: the authority, the list's number, the year's school, the role.
  const years = result.transcript.content.years;
  assert.equal(result.signatures.length, years.length * 3);
  for (const signature of result.signatures) {
    const year = years.find((y) => signature.id.startsWith(`${y.id}-`));
    const approval = signature.approval;
    assert.ok(approval, `${signature.id}: no approval`);
    assert.equal(approval.authority, authority.name);
    assert.equal(approval.authority_code, authority.code);
    assert.equal(approval.list_sequence, 1);
    assert.equal(approval.school, year.truong.ma_truong);
    assert.equal(approval.school_name, demoSchools.find(([code]) => code === year.truong.ma_truong)[1]);
    const role = { GVCN: 'gvcn', HieuTruong: 'hieu-truong', ConDau: 'con-dau' }[signature.id.split('-').at(-1)];
    assert.deepEqual(approval.roles, [role]);
    assert.equal(approval.from, '2024-01-01T00:00:00Z');
    assert.equal(approval.until, null);
    assert.match(approval.list_issued, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  }
  // The list in use, as the result describes it for the page.
  assert.equal(result.approvals.policy, 'require');
  assert.deepEqual(result.approvals.rejected, []);
  assert.deepEqual(result.approvals.fetched, []);
  const [used] = result.approvals.lists;
  assert.equal(result.approvals.lists.length, 1);
  assert.equal(used.authority, authority.name);
  assert.equal(used.authority_code, authority.code);
  assert.equal(used.sequence, 1);
  assert.equal(used.stale, false);
  assert.equal(used.origin, 'supplied');
  assert.deepEqual(used.distribution_points, []);
  assert.deepEqual(used.schools, demoSchools.map(([code, name]) => ({ code, name })));
  assert.equal(used.signer.sha256, new crypto.X509Certificate(authorityPem).fingerprint256.replaceAll(':', '').toLowerCase());
  assert.equal(used.withdrawals, 0);
  assert.equal(Date.parse(used.next_update) - Date.parse(used.issued), 30 * DAY);

  // The authority named by its certificate's SHA-256 as viewers show it (colons, capitals), the
  // list as text or bytes: the same report.
  const fingerprint = new crypto.X509Certificate(authorityPem).fingerprint256;
  const byFingerprint = hocba.verify(demo.bytes, { ...base(now), approvalAuthorities: [fingerprint], approvals: [list.bytes.toString('utf8')] });
  assert.deepEqual(byFingerprint.signatures, result.signatures);
  assert.equal(byFingerprint.verdict, 'valid');
  const spaced = fingerprint.replaceAll(':', ' ').toLowerCase();
  assert.equal(hocba.verify(demo.bytes, { ...base(now), approvalAuthorities: [spaced], approvals: [new Uint8Array(list.bytes)] }).verdict, 'valid');
});

test('no list: valid, and the warning approval-not-checked; the policy off says so too', () => {
  const now = nowSeconds();
  const demo = demoTranscript();
  const result = hocba.verify(demo.bytes, { ...trustOptions(now), crls });
  assert.equal(result.verdict, 'valid');
  assert.deepEqual(codes(result.warnings), ['approval-not-checked']);
  assert.match(result.warnings[0].vi, /^Chưa kiểm tra phê duyệt người ký: không có danh sách phê duyệt/);
  assert.match(result.warnings[0].en, /^Signers' approval was not checked/);
  assert.equal(result.approvals, null);
  assert.ok(result.signatures.every((s) => s.approval === null));
  assertSameAsCli(result, cliVerify([...cliTrust, ...cliCrls, ...cliAt(now)], demo.file), 'no list');
  // Authorities without a list change nothing.
  assert.deepEqual(hocba.verify(demo.bytes, { ...base(now) }).warnings, result.warnings);

  // Lists given, checking turned off: not checked, and said so; the lists are still described.
  const off = hocba.verify(demo.bytes, { ...base(now), approvals: [fixtures().seal.bytes], approvalPolicy: 'off' });
  assert.equal(off.verdict, 'valid');
  assert.deepEqual(codes(off.warnings), ['approval-not-checked']);
  assert.match(off.warnings[0].vi, /đã tắt kiểm tra danh sách phê duyệt/);
  assert.equal(off.approvals.policy, 'off');
  assert.ok(off.signatures.every((s) => s.approval === null));
});

test('a list by someone who is not an authority: refused, in the result; the verdict undetermined', () => {
  const now = nowSeconds();
  const demo = demoTranscript();
  const { principal: list } = fixtures();
  const result = hocba.verify(demo.bytes, { ...base(now), approvals: [{ label: 'danh-sach-gia.xml', bytes: list.bytes }] });
  assert.equal(result.verdict, 'undetermined');
  assert.deepEqual(codes(result.problems), ['school-not-listed', 'school-not-listed']);
  assert.match(result.problems[0].vi, /^Không có danh sách phê duyệt hợp lệ nào cho Trường THCS Trưng Vương \(mã 01002345\) \(1 danh sách bị từ chối\)$/);
  assert.ok(result.signatures.every((s) => s.verdict === 'valid' && s.approval === null));
  assert.deepEqual(result.approvals.lists, []);
  assert.equal(result.approvals.rejected.length, 1);
  const [refused] = result.approvals.rejected;
  assert.equal(refused.label, 'danh-sach-gia.xml');
  assert.equal(refused.code, 'approval-signer-not-allowed');
  assert.match(refused.vi, /^Danh sách phê duyệt do Trần Văn Minh \(SHA-256 [0-9a-f]{64}\) ký, không phải cơ quan quản lý được tin cậy/);
  assert.match(refused.en, /^The approval list is signed by Trần Văn Minh/);
  const cli = cliVerify([...cliTrust, ...cliCrls, ...cliAt(now), '--approvals', list.file, '--approval-authority', authority.cert], demo.file);
  assertSameAsCli(result, cli, 'not an authority');

  // soft-fail: the same questions as warnings, and the verdict stands.
  const soft = hocba.verify(demo.bytes, { ...base(now), approvals: [list.bytes], approvalPolicy: 'soft-fail' });
  assert.equal(soft.verdict, 'valid');
  assert.deepEqual(codes(soft.warnings), ['school-not-listed', 'school-not-listed']);
  assert.equal(soft.approvals.rejected[0].label, 'approvals[0]');

  // The authority's own list, without the revocation data its signature needs: refused as untrusted.
  const untrusted = hocba.verify(demo.bytes, { ...trustOptions(now), approvalAuthorities: [authorityPem], approvals: [fixtures().authority.bytes] });
  assert.equal(untrusted.verdict, 'undetermined');
  assert.equal(untrusted.approvals.rejected[0].code, 'approval-document-untrusted');
});

test('a list that requires the school seal: each unsealed year is invalid', () => {
  const now = nowSeconds();
  const demo = unsealedDemo();
  const { seal: list } = fixtures();
  const result = hocba.verify(demo.bytes, { ...base(now), approvals: [list.bytes] });
  assert.equal(result.verdict, 'invalid');
  const years = result.transcript.content.years;
  assert.deepEqual(codes(result.problems), years.map(() => 'seal-missing'));
  assert.match(result.problems[0].vi, new RegExp(`^Năm học ${years[0].id} thiếu chữ ký con dấu đơn vị mà ${authority.name} yêu cầu đối với Trường THCS Trưng Vương$`));
  // The signers themselves are approved.
  assert.ok(result.signatures.every((s) => s.approval?.list_sequence === 1));
  const cli = cliVerify([...cliTrust, ...cliCrls, ...cliAt(now), '--approvals', list.file, '--approval-authority', authority.cert], demo.file);
  assertSameAsCli(result, cli, 'seal required');
});

test('a stale list: approvalListRequests names where the next edition is; the fetched edition is used', () => {
  // Two days on, the first edition (due after a day) is stale.
  const now = nowSeconds() + 2 * DAY;
  const demo = demoTranscript();
  const [first, second] = fixtures().editions;
  const options = { ...base(now), approvals: [{ label: 'danh-sach-so-1.xml', bytes: first.bytes }] };
  const stale = hocba.verify(demo.bytes, options);
  assert.equal(stale.verdict, 'undetermined');
  // Once for the list, whichever of its schools' years it covers.
  assert.deepEqual(codes(stale.problems), ['approval-list-stale']);
  assert.equal(stale.approvals.lists[0].stale, true);
  assert.deepEqual(stale.approvals.lists[0].distribution_points, [PUBLISHED]);
  // Signers approved in the stale edition are still named (it speaks for the time up to its issue).
  assert.ok(stale.signatures.every((s) => s.approval?.list_sequence === 1));

  const requests = hocba.approvalListRequests(options);
  assert.deepEqual(requests, [{
    url: PUBLISHED, authority: authority.name, authority_code: authority.code, sequence: 1, next_update: stale.approvals.lists[0].next_update,
  }]);
  // Nothing to fetch: a fresh list, no list, approval checking off.
  assert.deepEqual(hocba.approvalListRequests({ ...options, now: nowSeconds() }), []);
  assert.deepEqual(hocba.approvalListRequests(trustOptions(now)), []);
  assert.deepEqual(hocba.approvalListRequests({ ...options, approvalPolicy: 'off' }), []);

  // The next edition, fetched from there: in use, reported with its origin; valid.
  const fetched = hocba.verify(demo.bytes, { ...options, fetchedApprovals: [{ url: PUBLISHED, bytes: new Uint8Array(second.bytes) }] });
  assert.equal(fetched.verdict, 'valid', JSON.stringify(fetched.problems));
  assert.equal(fetched.approvals.lists.length, 1);
  assert.equal(fetched.approvals.lists[0].sequence, 2);
  assert.equal(fetched.approvals.lists[0].origin, PUBLISHED);
  assert.equal(fetched.approvals.lists[0].stale, false);
  assert.deepEqual(fetched.approvals.fetched, [{ url: PUBLISHED, outcome: 'used', sequence: 2 }]);
  assert.ok(fetched.signatures.every((s) => s.approval?.list_sequence === 2));
  assert.deepEqual(hocba.approvalListRequests({ ...options, fetchedApprovals: [{ url: PUBLISHED, bytes: new Uint8Array(second.bytes) }] }), []);

  // The same edition again, or not a list at all: not used, never thrown; the verdict stays.
  const same = hocba.verify(demo.bytes, { ...options, fetchedApprovals: [{ url: PUBLISHED, bytes: new Uint8Array(first.bytes) }] });
  assert.equal(same.verdict, 'undetermined');
  assert.deepEqual(same.approvals.fetched, [{ url: PUBLISHED, outcome: 'not-newer', sequence: 1 }]);
  const html = new TextEncoder().encode('<html><body>502 Bad Gateway</body></html>');
  const broken = hocba.verify(demo.bytes, { ...options, fetchedApprovals: [{ url: PUBLISHED, bytes: html }] });
  assert.equal(broken.verdict, 'undetermined');
  assert.deepEqual(broken.approvals.fetched, [{ url: PUBLISHED, outcome: 'refused', sequence: null }]);
  assert.deepEqual(broken.approvals.rejected.map((r) => [r.label, r.code]), [[PUBLISHED, 'approval-document-malformed']]);
  // A newer edition fetched for a list that is not stale is not taken either (as the native refresh).
  const fresh = hocba.verify(demo.bytes, { ...options, now: nowSeconds(), fetchedApprovals: [{ url: PUBLISHED, bytes: new Uint8Array(second.bytes) }] });
  assert.equal(fresh.approvals.lists[0].sequence, 1);
  assert.deepEqual(fresh.approvals.fetched, [{ url: PUBLISHED, outcome: 'not-newer', sequence: 2 }]);
});

test('revocationRequests asks about the list signer too; with the answers the list is used', () => {
  const now = nowSeconds();
  const demo = demoTranscript();
  const options = { ...trustOptions(now), approvalAuthorities: [authorityPem], approvals: [fixtures().authority.bytes] };
  // The demo transcript embeds its CRLs: nothing to ask about its signers, only about the list's.
  assert.deepEqual(hocba.revocationRequests(demo.bytes, trustOptions(now)), []);
  const requests = hocba.revocationRequests(demo.bytes, options);
  assert.deepEqual(requests.map((r) => [r.kind, r.url]), [['ocsp', 'http://127.0.0.1:18081'], ['crl', 'http://127.0.0.1:18080/ca.crl'], ['crl', 'http://127.0.0.1:18080/root.crl']]);
  assert.match(requests[0].subjects[0], /CN=Bùi Thị Ngọc Ánh$/);
  assert.ok(requests[0].body instanceof Uint8Array);
  const fetchedRevocation = [
    { kind: 'crl', url: requests[1].url, bytes: new Uint8Array(fs.readFileSync(path.join(pki, 'ca.crl.der'))) },
    { kind: 'crl', url: requests[2].url, bytes: new Uint8Array(fs.readFileSync(path.join(pki, 'root.crl.der'))) },
  ];
  const result = hocba.verify(demo.bytes, { ...options, fetchedRevocation });
  assert.equal(result.verdict, 'valid', JSON.stringify(result.approvals.rejected));
  assert.deepEqual(hocba.revocationRequests(demo.bytes, { ...options, fetchedRevocation }), []);
  // Approval checking off: the lists are not used, nothing asked about them.
  assert.deepEqual(hocba.revocationRequests(demo.bytes, { ...options, approvalPolicy: 'off' }), []);
});

test('errors: JS Errors with the library\'s codes', () => {
  const now = nowSeconds();
  const demo = demoTranscript();
  const list = fixtures().authority.bytes;
  const throwsWith = (options, code, message) => assert.throws(() => hocba.verify(demo.bytes, { ...trustOptions(now), ...options }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
  throwsWith({ approvals: [list] }, 'invalid-setting', /approvals needs approvalAuthorities/);
  throwsWith({ approvals: [list], approvalAuthorities: ['ab:cd'] }, 'invalid-setting', /approvalAuthorities\[0\]: neither a PEM certificate nor a SHA-256 fingerprint/);
  throwsWith({ approvals: [list], approvalAuthorities: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }, 'certificate-malformed', /approvalAuthorities\[0\]/);
  throwsWith({ approvals: [list], approvalAuthorities: [authorityPem], approvalPolicy: 'maybe' }, 'invalid-setting', /approvalPolicy/);
  throwsWith({ approvals: [42], approvalAuthorities: [authorityPem] }, 'invalid-setting', /approvals\[0\] must be a string, a Uint8Array or \{ label, bytes \}/);
  throwsWith({ approvals: [{ label: 'x.xml' }], approvalAuthorities: [authorityPem] }, 'invalid-setting', /approvals\[0\]\.bytes is missing/);
  throwsWith({ approvals: [{ label: 'x.xml', bytes: list, name: 'x' }], approvalAuthorities: [authorityPem] }, 'invalid-setting', /unknown option "name"/);
  throwsWith({ approvals: list, approvalAuthorities: [authorityPem] }, 'invalid-setting', /approvals must be an array/);
  throwsWith({ fetchedApprovals: [{ url: PUBLISHED }] }, 'invalid-setting', /fetchedApprovals\[0\]\.bytes is missing/);
  throwsWith({ fetchedApprovals: [{ bytes: new Uint8Array(list) }] }, 'invalid-setting', /fetchedApprovals\[0\]\.url is missing/);
  throwsWith({ fetchedApprovals: [{ url: PUBLISHED, bytes: 'text' }] }, 'invalid-setting', /must be a Uint8Array/);
  assert.throws(() => hocba.approvalListRequests({ approvalPolicy: 'never' }), (e) => e.code === 'invalid-setting');
});

test('the types: approval options, results and approvalListRequests', () => {
  for (const target of ['node', 'web']) {
    const types = fs.readFileSync(path.join(__dirname, '..', '..', 'pkg', target, 'hocba_wasm.d.ts'), 'utf8');
    assert.match(types, /export function approvalListRequests\(options\?: VerifyOptions \| null\): ApprovalListRequest\[\];/);
    assert.match(types, /approvals\?: \(XmlInput \| \{ label: string; bytes: XmlInput \}\)\[\];/);
    assert.match(types, /approvalAuthorities\?: \(PemOrDer \| string\)\[\];/);
    assert.match(types, /approvalPolicy\?: "require" \| "soft-fail" \| "off";/);
    assert.match(types, /fetchedApprovals\?: FetchedApprovalList\[\];/);
    assert.match(types, /approval: SignerApproval \| null;/);
    assert.match(types, /export interface VerifyResult \{[^}]*warnings: Finding\[\];[^}]*approvals: ApprovalsInfo \| null;/);
    assert.match(types, /export interface RejectedApprovalList \{ label: string; code: string; vi: string; en: string \}/);
  }
});
