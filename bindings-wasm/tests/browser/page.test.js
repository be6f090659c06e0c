// The verifier page in real headless Chromium (Debian's, driven by playwright-core), served on
// 127.0.0.1: a transcript signed by `hocba demo`, dropped with the test root added, is valid and
// shows the signers, the student and the years; a changed one is invalid with the library's
// reason; a non-XML file gets a clear error; under the government roots alone the test PKI is not
// trusted; CRL files count; English on request; keyboard and phone. Every text the page shows for
// a finding is the library's (compared with `hocba verify --json`). Screenshots go to
// target/wasm-browser/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { repo, pki, testRoot, cliTrust, cliVerify, pkiTranscript, demoTranscript, tamperedDemo } = require('../support.js');
const { serve } = require('../static-server.js');

const www = path.resolve(__dirname, '..', '..', 'www');
const shots = path.join(repo, 'target', 'wasm-browser');
// From ../shared/docs/wasm-toolchain.md; playwright adds a fresh --user-data-dir itself.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

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

/** A fresh page, loaded and ready; every request it makes is recorded. */
async function open(viewport = { width: 1000, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page, requests, errors };
}

/** Drops a file on the page the way a person does (a drop event carrying a File). */
async function drop(page, name, bytes, type = 'text/xml') {
  await page.evaluate(({ name, base64, type }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type }));
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64'), type });
}

async function addFiles(page, input, list, ...files) {
  const before = await page.locator(`#${list} button`).count();
  await page.setInputFiles(`#${input}`, files);
  await page.waitForFunction(({ list, n }) => document.querySelectorAll(`#${list} button`).length === n, { list, n: before + files.length });
}
const addAnchor = (page, file = testRoot) => addFiles(page, 'certificates', 'trusted-list', file);

const verdict = (page) => page.locator('#verdict');

test('a valid transcript with the test root added, then a tampered one, then a non-XML file', async () => {
  const { context, page, requests, errors } = await open();
  assert.equal(await page.locator('h1').textContent(), 'Kiểm tra học bạ số');
  // The default trust: the government roots, named.
  const roots = await page.locator('#government-roots li').allTextContents();
  assert.equal(roots.length, 2);
  assert.ok(roots.some((r) => /Vietnam National Root CA/.test(r)), roots.join('\n'));
  await addAnchor(page);
  assert.deepEqual(await page.locator('#trusted-list li').allTextContents(), ['root-cert.pemBỏ']);

  const demo = demoTranscript();
  const cli = cliVerify(cliTrust, demo.file);
  assert.equal(cli.verdict, 'valid');
  await drop(page, 'hoc-ba-da-ky.xml', demo.bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Hợp lệ');
  assert.match(await page.locator('#student').textContent(), new RegExp(cli.student_name));
  assert.doesNotMatch(await page.locator('#student').textContent(), /KHÔNG được xác nhận|null|undefined/);
  assert.doesNotMatch(await page.locator('#result').textContent(), /null|undefined|NaN/);
  const cards = page.locator('.signature');
  assert.equal(await cards.count(), cli.signatures.length);
  for (const [i, s] of cli.signatures.entries()) {
    assert.equal(await cards.nth(i).locator('h4').textContent(), `${s.role}: ${s.signer.name}`);
  }
  const first = await cards.nth(0).textContent();
  assert.match(first, new RegExp(cli.signatures[0].signer.organization.replace(/[()]/g, '\\$&')));
  // No time-stamp: the signer's claim shown as a claim, and judged at the verification time (the
  // default policy, "timestamp"); the page says both.
  assert.match(first, /\d{2}:\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\), do người ký tự ghi, không có dấu thời gian chứng thực; chữ ký được xét tại thời điểm kiểm tra \(\d{2}:\d{2}:\d{2} ngày/);
  // The chain up to the test root, and revocation with its source.
  assert.equal(await cards.nth(0).locator('.chain li').count(), cli.signatures[0].chain.length);
  assert.match(await cards.nth(0).locator('.chain li').last().textContent(), new RegExp(cli.signatures[0].chain.at(-1).subject.slice(0, 20).replace(/[()]/g, '\\$&')));
  assert.match(await cards.nth(0).locator('.revocation').textContent(), /chưa bị thu hồi.*gắn trong chữ ký/);
  // The transcript as a table per year.
  assert.ok((await page.locator('#transcript-table .year').count()) >= 1);
  assert.ok((await page.locator('#transcript-table tbody tr').count()) > 5);
  assert.match(await page.locator('#transcript-table').textContent(), /Toán/);
  // One group per school year (the GVCN, the principal and the seal), closed while all its
  // signatures hold.
  const groups = page.locator('#signatures .year-signatures');
  assert.equal(await groups.count(), cli.signatures.length / 3);
  for (const group of await groups.all()) {
    assert.match(await group.locator(':scope > summary').textContent(), /^Năm học \d{4}-\d{4}: 3 chữ ký — 3 hợp lệ$/);
    assert.equal(await group.getAttribute('open'), null);
  }
  await groups.first().locator(':scope > summary').click();
  assert.ok(await cards.nth(0).isVisible(), 'a year opens on a click');
  await page.screenshot({ path: path.join(shots, 'valid.png'), fullPage: true });

  const tampered = tamperedDemo();
  const cliTampered = cliVerify(cliTrust, tampered.file);
  assert.equal(cliTampered.verdict, 'invalid');
  const reasons = [...cliTampered.problems, ...cliTampered.signatures.flatMap((s) => s.problems)];
  await drop(page, 'hoc-ba-bi-sua.xml', tampered.bytes);
  await page.waitForSelector('#verdict[data-verdict="invalid"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không hợp lệ');
  assert.ok((await page.locator('#problems li[data-code="digest-mismatch"]').count()) >= 1);
  const why = await page.locator('#problems').textContent();
  for (const reason of reasons) assert.ok(why.includes(reason.vi), `the page does not say: ${reason.vi}`);
  // The year whose data was changed is open, its count saying so; the untouched years stay closed.
  const opened = page.locator('#signatures .year-signatures[open]');
  assert.equal(await opened.count(), 1);
  assert.match(await opened.locator(':scope > summary').textContent(), /không hợp lệ/);
  await page.screenshot({ path: path.join(shots, 'invalid.png'), fullPage: true });

  await drop(page, 'anh-the.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
  await page.waitForSelector('#verdict[data-verdict="error"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không đọc được tệp');
  assert.match(await verdict(page).textContent(), /không phải là tệp học bạ XML/);
  assert.match(await verdict(page).textContent(), /anh-the\.png/);
  assert.equal(await page.locator('#problems li[data-code="xml"]').count(), 1);
  assert.equal(await page.locator('.signature').count(), 0);
  assert.equal(await page.locator('#student').textContent(), '');
  await page.screenshot({ path: path.join(shots, 'not-xml.png'), fullPage: true });

  // Nothing was fetched from anywhere but the page's own host.
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('under the government roots alone the test signers are not trusted; content marked unconfirmed', async () => {
  const { context, page } = await open();
  const demo = demoTranscript();
  const cli = cliVerify([], demo.file);
  assert.notEqual(cli.verdict, 'valid');
  await drop(page, 'hoc-ba-da-ky.xml', demo.bytes);
  await page.waitForSelector(`#verdict[data-verdict="${cli.verdict}"]`);
  const codes = new Set([...cli.problems, ...cli.signatures.flatMap((s) => s.problems)].map((p) => p.code));
  for (const code of codes) assert.ok((await page.locator(`#problems li[data-code="${code}"]`).count()) >= 1, code);
  assert.match(await page.locator('#student').textContent(), /KHÔNG được xác nhận/);
  await page.screenshot({ path: path.join(shots, 'untrusted.png'), fullPage: true });

  // A file that is not a certificate: said plainly, and the transcript is not judged.
  await page.setInputFiles('#certificates', { name: 'chung-thu-hong.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') });
  await page.waitForSelector('#verdict[data-verdict="error"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không đọc được tệp đã thêm');
  assert.match(await page.locator('#problems li[data-code="certificate-malformed"]').textContent(), /Tệp chứng thư không đọc được/);
  // Removing it by keyboard goes back to the verdict.
  await page.locator('#trusted-list button').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#verdict[data-verdict="${cli.verdict}"]`);
  await context.close();
});

test('CRL files: without them undetermined, with them valid; the policy switch', async () => {
  const { context, page } = await open();
  await addAnchor(page);
  await drop(page, 'ky-rieng.xml', pkiTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="undetermined"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không xác định được');
  assert.ok((await page.locator('#problems li[data-code="revocation-unknown"]').count()) >= 1);
  await page.selectOption('#revocation-policy', 'off');
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  await page.selectOption('#revocation-policy', 'require');
  await page.waitForSelector('#verdict[data-verdict="undetermined"]');
  await addFiles(page, 'revocation-files', 'revocation-list', path.join(pki, 'ca.crl'), path.join(pki, 'root.crl.der'));
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.match(await page.locator('.signature .revocation').first().textContent(), /chưa bị thu hồi.*tệp bạn thêm/);
  await context.close();
});

test('OCSP response files are told from CRL files and used', async () => {
  const { context, page } = await open();
  await addAnchor(page);
  await addFiles(page, 'revocation-files', 'revocation-list', path.join(pki, 'ocsp', 'gvcn.der'), path.join(pki, 'ocsp', 'hieutruong.der'), path.join(pki, 'root.crl'));
  await drop(page, 'ky-rieng.xml', pkiTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.match(await page.locator('.signature .revocation li').first().textContent(), /chưa bị thu hồi — nguồn: OCSP, tệp bạn thêm/);
  await context.close();
});

test('English on request; works offline once loaded', async () => {
  const { context, page, requests } = await open();
  await context.setOffline(true);
  await page.click('#language');
  assert.equal(await page.locator('h1').textContent(), 'Digital school transcript checker');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await addAnchor(page);
  const before = requests.length;
  const demo = demoTranscript();
  const cli = cliVerify(cliTrust, demo.file);
  await drop(page, 'signed.xml', demo.bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Valid');
  const principal = cli.signatures.findIndex((s) => s.role === 'Hiệu trưởng');
  assert.equal(await page.locator('.signature h4').nth(principal).textContent(), `Principal: ${cli.signatures[principal].signer.name}`);
  assert.match(await page.locator('#transcript-table').textContent(), /Mathematics/);
  assert.equal(requests.length, before, 'verification made a request');
  await page.click('#language');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Hợp lệ');
  await context.close();
});

test('keyboard reaches every control; a phone screen needs no sideways scrolling', async () => {
  const { context, page } = await open({ width: 360, height: 740 });
  const focused = [];
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => document.activeElement.id));
  }
  assert.deepEqual(focused, ['language', 'transcript', 'certificates', 'revocation-files', 'revocation-policy']);
  // Each control has a label a screen reader announces.
  for (const id of ['transcript', 'certificates', 'revocation-files', 'revocation-policy']) {
    assert.ok((await page.locator(`label[for="${id}"]`).textContent()).length > 0, id);
  }
  await addAnchor(page);
  await drop(page, 'hoc-ba-da-ky.xml', demoTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'horizontal overflow on a phone');
  await page.screenshot({ path: path.join(shots, 'phone.png'), fullPage: true });
  await context.close();
});
