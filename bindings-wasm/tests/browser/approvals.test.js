// The approval lists on the verifier page, in real headless Chromium (Debian's, driven by
// playwright-core), served on 127.0.0.1: lists written and signed with `hocba approvals` (the test
// PKI's `ltv` certificate plays the managing authority) and the demo transcript. With the list and
// the authority's certificate (or its fingerprint) added, each school year says who approved its
// signers, in Vietnamese and in English; a list by someone else is refused and said so; a list that
// requires the seal makes each year invalid, said with the year; a stale list's new edition is
// downloaded only when the user allows it, from where the list says. Screenshots go to
// target/wasm-browser/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { repo, pki, testRoot, demoTranscript, unsealedDemo, authority, approvalList } = require('../support.js');
const { serve } = require('../static-server.js');

const www = path.resolve(__dirname, '..', '..', 'www');
const shots = path.join(repo, 'target', 'wasm-browser');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const DAY = 86400 * 1000;

let browser;
let server;
test.before(async () => {
  assert.ok(fs.existsSync(path.join(www, 'pkg', 'hocba_wasm_bg.wasm')), 'build first: bash bindings-wasm/build.sh');
  fs.mkdirSync(shots, { recursive: true });
  server = await serve(www);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
});
test.after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page, loaded, with the test root and the test PKI's CRLs added (the lists' signature
 *  carries no revocation data); every request leaving the page's origin is recorded. `now`: the
 *  page's clock (ms), when not the real one. */
async function open({ now, viewport = { width: 1000, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  if (now) await page.clock.setFixedTime(now);
  const outside = [];
  const errors = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && r.method() !== 'OPTIONS') outside.push(`${r.method()} ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  await addFiles(page, 'certificates', 'trusted-list', testRoot);
  await addFiles(page, 'revocation-files', 'revocation-list', path.join(pki, 'ca.crl'), path.join(pki, 'root.crl'));
  return { context, page, outside, errors };
}

async function addFiles(page, input, list, ...files) {
  const before = await page.locator(`#${list} button`).count();
  await page.setInputFiles(`#${input}`, files);
  await page.waitForFunction(({ list, n }) => document.querySelectorAll(`#${list} button`).length === n, { list, n: before + files.length });
}

async function drop(page, name, bytes) {
  await page.evaluate(({ name, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type: 'text/xml' }));
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64') });
}

/** `utc` (`YYYY-MM-DDThh:mm:ssZ`) as the page writes it: Vietnam time, UTC+7. */
function vietnamTime(utc, lang = 'vi') {
  const local = new Date(Date.parse(utc) + 7 * 3600 * 1000);
  const two = (n) => String(n).padStart(2, '0');
  const date = `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  return lang === 'vi' ? `${time} ngày ${date} (giờ Việt Nam)` : `${date} ${time} (Vietnam time)`;
}

/** The list's issue and next update, as signed. */
function listTimes(bytes) {
  const text = bytes.toString('utf8');
  const value = (name) => text.match(new RegExp(`<(?:\\w+:)?${name}>([^<]+)<`))[1];
  return { issued: value('ThoiGianBanHanh'), next: value('CapNhatTiepTheo') };
}

test('with the authority\'s list and certificate, each year says who approved its signers', async () => {
  const { context, page, outside, errors } = await open();
  const [list] = approvalList();
  const demo = demoTranscript();
  // The list alone: not used, and the page says what is missing.
  await addFiles(page, 'approval-files', 'approval-list', list.file);
  assert.equal(await page.locator('#need-authority').isVisible(), true);
  assert.match(await page.locator('#need-authority').textContent(), /^Chưa có chứng thư hoặc dấu vân tay của cơ quan quản lý/);
  await drop(page, 'hoc-ba.xml', demo.bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await page.locator('#warnings li[data-code="approval-not-checked"]').count(), 1);
  assert.match(await page.locator('#warnings').textContent(), /^Lưu ýChưa kiểm tra phê duyệt người ký/);
  assert.match(await page.locator('#approvals-summary').textContent(), /Chưa có chứng thư hoặc dấu vân tay của cơ quan quản lý/);

  // The authority's certificate: the list is used, and every year's signers are approved.
  await addFiles(page, 'authority-files', 'authority-list', authority.cert);
  assert.equal(await page.locator('#need-authority').isVisible(), false);
  await page.waitForSelector('#approvals-summary .approval-lists li');
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await page.locator('#verdict h3').textContent(), 'Hợp lệ');
  assert.equal(await page.locator('#warnings li').count(), 0);
  const { issued, next } = listTimes(list.bytes);
  assert.equal(await page.locator('#approvals-summary .approval-lists li').textContent(),
    `${authority.name} (mã ${authority.code}): danh sách số 1, ban hành ${vietnamTime(issued)}, cập nhật tiếp theo ${vietnamTime(next)} — tệp bạn thêm`);

  const approvedBy = `Được phê duyệt bởi: ${authority.name} (danh sách số 1)`;
  const groups = page.locator('#signatures .year-signatures');
  assert.equal(await groups.count(), 4);
  for (const group of await groups.all()) {
    // Closed (all its signatures hold), and its line says who approved them.
    assert.equal(await group.getAttribute('open'), null);
    assert.equal(await group.locator('.year-approval').textContent(), approvedBy);
    assert.match(await group.locator(':scope > summary').textContent(), /^Năm học \d{4}-\d{4}: 3 chữ ký — 3 hợp lệ/);
  }
  // Opened: each signer of the year, and on each card the school, role and period of the approval.
  const first = groups.first();
  await first.locator(':scope > summary').click();
  assert.deepEqual(await first.locator('.year-approvals li').allTextContents(), [
    `Giáo viên chủ nhiệm: Phan Thị Ngọc — ${approvedBy}`,
    `Hiệu trưởng: Nguyễn Thị Thu Trang — ${approvedBy}`,
    `Con dấu đơn vị: Trường THCS Trưng Vương — ${approvedBy}`,
  ]);
  const card = first.locator('.signature').first();
  assert.match(await card.locator('dl').textContent(),
    new RegExp(`Phê duyệt${approvedBy.replace(/[()]/g, '\\$&')}Trường THCS Trưng Vương; vai trò: giáo viên chủ nhiệm; từ 01/01/2024`));
  // The years of the other school name it.
  const last = groups.last();
  await last.locator(':scope > summary').click();
  assert.match(await last.locator('.signature').nth(1).locator('dl').textContent(), /Trường THCS Nguyễn Du; vai trò: hiệu trưởng; từ 01\/01\/2024/);
  assert.doesNotMatch(await page.locator('#result').textContent(), /null|undefined|NaN/);
  await page.screenshot({ path: path.join(shots, 'approvals-valid.png'), fullPage: true });

  // In English: the same, in English words only (the names are the documents').
  await page.click('#language');
  assert.equal(await page.locator('#approvals-heading').textContent(), '3. Approval lists of signers');
  assert.equal(await groups.first().locator('.year-approval').textContent(), `Approved by ${authority.name} (list number 1)`);
  assert.match(await card.locator('dl').textContent(), /ApprovalApproved by .*\(list number 1\)Trường THCS Trưng Vương; role: homeroom teacher; from 01\/01\/2024/);
  assert.equal(await page.locator('#approvals-summary .approval-lists li').textContent(),
    `${authority.name} (code ${authority.code}): list number 1, issued ${vietnamTime(issued, 'en')}, next update ${vietnamTime(next, 'en')} — a file you added`);
  assert.doesNotMatch(await page.locator('#result').textContent(), /phê duyệt bởi|danh sách số|vai trò|giờ Việt Nam/);
  await page.click('#language');

  assert.deepEqual(outside, [], 'nothing leaves the page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a list by someone else is refused; a list that requires the seal; a fingerprint; the policy', async () => {
  const { context, page, errors } = await open();
  // The demo with its seals taken out: the people's signatures verify, no year is sealed.
  const demo = unsealedDemo();
  const [forged] = approvalList({ signer: 'hieutruong' });
  const [sealed] = approvalList({ sealRequired: true });
  // The authority by its fingerprint, as a certificate viewer shows it; a mistyped one first.
  await page.fill('#authority-fingerprint', 'AB:CD:EF');
  await page.click('#add-fingerprint');
  assert.equal(await page.locator('#fingerprint-error').isVisible(), true);
  assert.match(await page.locator('#fingerprint-error').textContent(), /^Dấu vân tay SHA-256 gồm 64 chữ số hệ mười sáu/);
  assert.equal(await page.locator('#authority-list li').count(), 0);
  const fingerprint = new crypto.X509Certificate(fs.readFileSync(authority.cert)).fingerprint256;
  await page.fill('#authority-fingerprint', fingerprint);
  await page.press('#authority-fingerprint', 'Enter');
  await page.waitForSelector('#authority-list li');
  assert.equal(await page.locator('#fingerprint-error').isVisible(), false);
  assert.equal(await page.locator('#authority-list li').textContent(), `Dấu vân tay SHA-256 ${fingerprint.toLowerCase()}Bỏ`);

  // Signed by the principal, not by the authority: refused with the reason; undetermined.
  await page.setInputFiles('#approval-files', { name: 'danh-sach-gia.xml', mimeType: 'text/xml', buffer: forged.bytes });
  await drop(page, 'hoc-ba.xml', demo.bytes);
  await page.waitForSelector('#verdict[data-verdict="undetermined"]');
  const refused = page.locator('#approvals-summary li[data-code="approval-signer-not-allowed"]');
  assert.match(await refused.textContent(), /^Không dùng danh-sach-gia\.xml: Danh sách phê duyệt do Trần Văn Minh \(SHA-256 [0-9a-f]{64}\) ký, không phải cơ quan quản lý được tin cậy/);
  assert.equal(await page.locator('#problems li[data-code="school-not-listed"]').count(), 2);
  assert.match(await page.locator('#problems').textContent(), /Không có danh sách phê duyệt hợp lệ nào cho Trường THCS Trưng Vương \(mã 01002345\) \(1 danh sách bị từ chối\)/);
  assert.equal(await page.locator('.year-approval').count(), 0);
  assert.equal(await page.locator('.year-approvals li[data-approved="false"]').count(), 8);
  await page.screenshot({ path: path.join(shots, 'approvals-refused.png'), fullPage: true });
  await page.click('#language');
  assert.match(await refused.textContent(), /^Not used: danh-sach-gia\.xml: The approval list is signed by Trần Văn Minh/);
  await page.click('#language');

  // The authority's list that requires the school seal: every year invalid, said with the year.
  await page.locator('#approval-list button').click();
  await page.setInputFiles('#approval-files', { name: 'danh-sach-con-dau.xml', mimeType: 'text/xml', buffer: sealed.bytes });
  await page.waitForSelector('#verdict[data-verdict="invalid"]');
  const groups = page.locator('#signatures .year-signatures');
  for (const group of await groups.all()) {
    assert.equal(await group.getAttribute('data-verdict'), 'invalid');
    assert.notEqual(await group.getAttribute('open'), null);
    const year = await group.getAttribute('data-year');
    assert.match(await group.locator(':scope > summary').textContent(), /— 1 vấn đề của cả năm học/);
    assert.match(await group.locator('.problems li[data-code="seal-missing"]').textContent(),
      new RegExp(`^Năm học ${year} thiếu chữ ký con dấu đơn vị mà ${authority.name} yêu cầu`));
    // The signers themselves are approved.
    assert.equal(await group.locator('.year-approvals li[data-approved="true"]').count(), 2);
  }
  await page.screenshot({ path: path.join(shots, 'approvals-seal-missing.png'), fullPage: true });

  // Approval checking off: valid, and the page says approval was not checked.
  await page.selectOption('#approval-policy', 'off');
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.match(await page.locator('#warnings li[data-code="approval-not-checked"]').textContent(), /đã tắt kiểm tra danh sách phê duyệt/);
  assert.equal(await page.locator('.year-approvals').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a stale list: its new edition is downloaded only when allowed, from where the list says', async () => {
  // Where the authority publishes its list (with CORS, as a publisher must for the page to read it).
  const served = [];
  let body = null;
  const publisher = http.createServer((request, response) => {
    served.push(`${request.method} ${request.url}`);
    const cors = { 'access-control-allow-origin': '*' };
    if (request.url === '/ba-dinh/danh-sach.xml' && body) response.writeHead(200, { ...cors, 'content-type': 'application/xml' }).end(body);
    else response.writeHead(404, cors).end();
  });
  await new Promise((done) => publisher.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${publisher.address().port}/ba-dinh/danh-sach.xml`;
  try {
    const [first, second] = approvalList({ validDays: [1, 30], publish: [url] });
    body = second.bytes;
    // Two days on, the first edition (due after a day) is stale.
    const { context, page, outside, errors } = await open({ now: Date.now() + 2 * DAY });
    assert.equal(await page.locator('#online-approvals').isChecked(), false, 'off by default');
    assert.match(await page.locator('#online-approvals-hint').textContent(), /Tệp học bạ không bao giờ được gửi đi/);
    await addFiles(page, 'authority-files', 'authority-list', authority.cert);
    await addFiles(page, 'approval-files', 'approval-list', first.file);
    await drop(page, 'hoc-ba.xml', demoTranscript().bytes);
    await page.waitForSelector('#verdict[data-verdict="undetermined"]');
    assert.equal(await page.locator('#problems li[data-code="approval-list-stale"]').count(), 1);
    assert.match(await page.locator('#approvals-summary .approval-lists li[data-stale="true"]').textContent(), /danh sách số 1, .* — đã quá hạn cập nhật — tệp bạn thêm$/);
    assert.deepEqual(outside, [], 'a request left the page without consent');

    await page.locator('#online-approvals').check();
    await page.waitForSelector('#verdict[data-verdict="valid"]');
    assert.deepEqual(outside, [`GET ${url}`]);
    assert.deepEqual(served, ['GET /ba-dinh/danh-sach.xml']);
    assert.equal(await page.locator('#approvals-summary .online-list li[data-outcome="ok"]').textContent(),
      `Bản mới hơn số 1 của ${authority.name} — ${url}: đã nhận và dùng danh sách số 2`);
    assert.match(await page.locator('#approvals-summary .approval-lists li').textContent(), new RegExp(`danh sách số 2, .* — tải từ ${url.replace(/[.]/g, '\\.')}$`));
    assert.equal(await page.locator('.year-approval').first().textContent(), `Được phê duyệt bởi: ${authority.name} (danh sách số 2)`);
    await page.screenshot({ path: path.join(shots, 'approvals-fetched.png'), fullPage: true });

    // Turned off: back to the stale list, nothing more fetched.
    await page.locator('#online-approvals').uncheck();
    await page.waitForSelector('#verdict[data-verdict="undetermined"]');
    assert.equal(outside.length, 1);
    assert.deepEqual(errors, []);
    await context.close();

    // Nothing published there yet: said so, and the verdict stays undetermined.
    body = null;
    const again = await open({ now: Date.now() + 2 * DAY });
    await addFiles(again.page, 'authority-files', 'authority-list', authority.cert);
    await addFiles(again.page, 'approval-files', 'approval-list', first.file);
    await again.page.locator('#online-approvals').check();
    await drop(again.page, 'hoc-ba.xml', demoTranscript().bytes);
    await again.page.waitForSelector('#verdict[data-verdict="undetermined"]');
    assert.match(await again.page.locator('#approvals-summary .online-list li[data-outcome="failed"]').textContent(), /: không tải được: máy chủ báo lỗi \(mã 404\)\.$/);
    assert.match(await again.page.locator('#approvals-summary').textContent(), /vẫn dùng bản đã quá hạn/);
    await again.context.close();
  } finally {
    await new Promise((done) => publisher.close(done));
  }
});
