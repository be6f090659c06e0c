// The verifier page in real headless Chromium (Debian's, driven by playwright-core), served on
// 127.0.0.1: a signed transcript dropped with the signers' certificates added is valid and names
// the signers; a changed one is invalid with the reason; a non-XML file gets a clear error; no
// trusted certificate is "cannot be determined", never valid; English on request; keyboard and
// phone. Screenshots go to target/wasm-browser/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { repo, keys, signedTranscript, tamperedTranscript } = require('../support.js');
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

async function addTrusted(page, ...names) {
  const before = await page.locator('#trusted-list button').count();
  await page.setInputFiles('#certificates', names.map((n) => path.join(keys, n)));
  await page.waitForFunction((n) => document.querySelectorAll('#trusted-list button').length === n, before + names.length);
}

const verdict = (page) => page.locator('#verdict');

test('valid transcript with the signers trusted, then a tampered one, then a non-XML file', async () => {
  const { context, page, requests, errors } = await open();
  assert.equal(await page.locator('h1').textContent(), 'Kiểm tra học bạ số');
  await addTrusted(page, 'rsa2048-cert.pem', 'p256-cert.pem');
  assert.deepEqual(await page.locator('#trusted-list li').allTextContents(), ['rsa2048-cert.pemBỏ', 'p256-cert.pemBỏ']);

  await drop(page, 'hoc-ba-da-ky.xml', signedTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Hợp lệ');
  const cards = page.locator('.signature');
  assert.equal(await cards.count(), 2);
  assert.equal(await cards.nth(0).locator('h4').textContent(), 'Giáo viên chủ nhiệm: Nguyễn Thị Ánh (GVCN)');
  assert.equal(await cards.nth(1).locator('h4').textContent(), 'Hiệu trưởng: Trần Văn Bình (Hiệu trưởng)');
  const first = await cards.nth(0).textContent();
  assert.match(first, /Trường THCS Nguyễn Trãi \(thử nghiệm\)/);
  assert.match(first, /\d{2}:\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
  assert.match(first, /giờ Việt Nam/);
  assert.match(first, /Chứng thư có trong danh sách tin cậy/);
  await page.screenshot({ path: path.join(shots, 'valid.png'), fullPage: true });

  await drop(page, 'hoc-ba-bi-sua.xml', tamperedTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="invalid"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không hợp lệ');
  assert.equal(await page.locator('#problems li[data-code="digest_mismatch"]').count(), 1);
  assert.match(await page.locator('#problems').textContent(), /Nội dung học bạ đã bị thay đổi sau khi ký\./);
  assert.equal(await page.locator('.signature').count(), 0);
  await page.screenshot({ path: path.join(shots, 'invalid.png'), fullPage: true });

  await drop(page, 'anh-the.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png');
  await page.waitForSelector('#verdict[data-verdict="error"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không đọc được tệp');
  assert.match(await verdict(page).textContent(), /không phải là tệp học bạ XML/);
  assert.match(await verdict(page).textContent(), /anh-the\.png/);
  assert.equal(await page.locator('#problems li[data-code="xml"]').count(), 1);
  await page.screenshot({ path: path.join(shots, 'not-xml.png'), fullPage: true });

  // Nothing was fetched from anywhere but the page's own host.
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no trusted certificate: cannot be determined, with the signers the file names', async () => {
  const { context, page } = await open();
  await drop(page, 'hoc-ba-da-ky.xml', signedTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="indeterminate"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không xác định được');
  assert.equal(await page.locator('#problems li[data-code="signer_not_trusted"]').count(), 2);
  assert.match(await page.locator('.signature').nth(0).textContent(), /Chứng thư chưa có trong danh sách tin cậy/);
  await page.screenshot({ path: path.join(shots, 'indeterminate.png'), fullPage: true });

  // Adding one signer's certificate is not enough; removing it (by keyboard) goes back.
  await addTrusted(page, 'rsa2048-cert.pem');
  await page.waitForSelector('#problems li[data-code="bad_signature"]');
  assert.equal(await verdict(page).getAttribute('data-verdict'), 'indeterminate');
  await page.locator('#trusted-list button').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#problems li[data-code="no_trusted_key"]');

  // A file that is not a certificate: said plainly, and the transcript is not judged.
  await page.setInputFiles('#certificates', { name: 'chung-thu-hong.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') });
  await page.waitForSelector('#verdict[data-verdict="error"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Không đọc được chứng thư');
  assert.match(await page.locator('#problems li[data-code="invalid_certificate"]').textContent(), /Tệp chứng thư không đọc được/);
  await context.close();
});

test('English on request; works offline once loaded', async () => {
  const { context, page, requests } = await open();
  await context.setOffline(true);
  await page.click('#language');
  assert.equal(await page.locator('h1').textContent(), 'Digital school transcript checker');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await addTrusted(page, 'rsa2048-cert.pem', 'p256-cert.pem');
  const before = requests.length;
  await drop(page, 'signed.xml', signedTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Valid');
  assert.match(await page.locator('.signature').nth(1).textContent(), /Principal: Trần Văn Bình/);
  assert.equal(requests.length, before, 'verification made a request');
  await page.click('#language');
  assert.equal(await verdict(page).locator('h3').textContent(), 'Hợp lệ');
  await context.close();
});

test('keyboard reaches the file pickers; a phone screen needs no sideways scrolling', async () => {
  const { context, page } = await open({ width: 360, height: 740 });
  const focused = [];
  for (let i = 0; i < 3; i += 1) {
    await page.keyboard.press('Tab');
    focused.push(await page.evaluate(() => document.activeElement.id));
  }
  assert.deepEqual(focused, ['language', 'transcript', 'certificates']);
  // Each file input has a label a screen reader announces.
  for (const id of ['transcript', 'certificates']) {
    assert.ok((await page.locator(`label[for="${id}"]`).textContent()).length > 0);
  }
  await addTrusted(page, 'rsa2048-cert.pem', 'p256-cert.pem');
  await drop(page, 'hoc-ba-da-ky.xml', signedTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'horizontal overflow on a phone');
  await page.screenshot({ path: path.join(shots, 'phone.png'), fullPage: true });
  await context.close();
});
