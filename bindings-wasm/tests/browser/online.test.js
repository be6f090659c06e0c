// The page's online revocation check in real headless Chromium, against the test PKI's real
// servers (test-vectors/pki/serve.sh: CRLs at 127.0.0.1:18080, `openssl ocsp` at 127.0.0.1:18081,
// both behind one HTTP proxy on a free port, which the browser is set to use). Off by default; when turned on, a transcript signed without validation data gets its
// answers from those servers: valid for a good signer, revoked for the revoked one; only the
// OCSP requests and CRL downloads leave the page, never the file. With the servers down the page
// says which server it could not ask, and the verdict stays undetermined. Screenshots go to
// target/wasm-browser/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { repo, pki, testRoot, pkiTranscript, pkiServers } = require('../support.js');
const { serve } = require('../static-server.js');

const www = path.resolve(__dirname, '..', '..', 'www');
const shots = path.join(repo, 'target', 'wasm-browser');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const OCSP = 'http://127.0.0.1:18081';

let browser;
let server;
test.before(async () => {
  assert.ok(fs.existsSync(path.join(www, 'pkg', 'hocba_wasm_bg.wasm')), 'build first: bash bindings-wasm/build.sh');
  fs.mkdirSync(shots, { recursive: true });
  pkiServers('start');
  const proxy = pkiServers('url');
  server = await serve(www);
  // Everything through the test PKI's proxy but the page itself; Chromium bypasses loopback
  // addresses unless told not to.
  const proxied = [`--proxy-server=${proxy}`, `--proxy-bypass-list=<-loopback>;${new URL(server.url).host}`];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...FLAGS, ...proxied],
  });
});
test.after(async () => {
  await browser?.close();
  await server?.close();
  pkiServers('stop');
});

/** A fresh page with the test root added; every request leaving the page's origin is recorded. */
async function open() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const outside = [];
  const errors = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && r.method() !== 'OPTIONS') outside.push({ url: r.url(), method: r.method(), body: r.postDataBuffer() });
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  const before = await page.locator('#trusted-list button').count();
  await page.setInputFiles('#certificates', testRoot);
  await page.waitForFunction((n) => document.querySelectorAll('#trusted-list button').length === n, before + 1);
  return { context, page, outside, errors };
}

async function drop(page, name, bytes) {
  await page.evaluate(({ name, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type: 'text/xml' }));
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64') });
}

test('off by default; turned on, revocation comes from the CA servers: valid, then revoked', async () => {
  const { context, page, outside, errors } = await open();
  const online = page.locator('#online-revocation');
  assert.equal(await online.isChecked(), false, 'the online check must be off by default');
  assert.equal(await page.locator('label[for="online-revocation"]').textContent(),
    'Kiểm tra thu hồi trực tuyến (gửi số sê-ri chứng thư đến máy chủ của CA)');
  assert.match(await page.locator('#online-hint').textContent(), /Tệp học bạ không bao giờ được gửi đi/);

  const signed = pkiTranscript();
  await drop(page, 'hoc-ba-da-ky.xml', signed.bytes);
  await page.waitForSelector('#verdict[data-verdict="undetermined"]');
  assert.deepEqual(outside, [], 'a request left the page while the online check was off');

  await online.check();
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  assert.equal(await page.locator('#verdict h3').textContent(), 'Hợp lệ');
  // Each request and its outcome; each signature's answers, with where they came from.
  const checks = page.locator('#online-checks li');
  assert.equal(await checks.count(), 4);
  assert.equal(await page.locator('#online-checks li[data-outcome="ok"]').count(), 4);
  assert.match(await checks.first().textContent(), /Hỏi OCSP — http:\/\/127\.0\.0\.1:18081 — cho chứng thư của Nguyễn Thị Hoa: đã nhận câu trả lời/);
  for (const card of await page.locator('.signature').all()) {
    const items = await card.locator('.revocation li').allTextContents();
    assert.equal(items.length, 2);
    assert.match(items[0], /chưa bị thu hồi — nguồn: OCSP, hỏi trực tuyến tại http:\/\/127\.0\.0\.1:18081/);
    assert.match(items[1], /chưa bị thu hồi — nguồn: CRL, hỏi trực tuyến tại http:\/\/127\.0\.0\.1:18080\/root\.crl/);
  }
  assert.doesNotMatch(await page.locator('#result').textContent(), /null|undefined|NaN/);
  await page.screenshot({ path: path.join(shots, 'online-valid.png'), fullPage: true });

  // What left the page: GETs of the CRLs and POSTs of the OCSP requests, byte for byte what
  // `openssl ocsp` sends; the transcript never.
  const expected = new Set(['gvcn', 'hieutruong'].map((n) => fs.readFileSync(path.join(pki, `ocsp/${n}-req.der`)).toString('hex')));
  assert.deepEqual(outside.map((r) => `${r.method} ${r.url}`).sort(),
    ['GET http://127.0.0.1:18080/ca.crl', 'GET http://127.0.0.1:18080/root.crl', `POST ${OCSP}/`, `POST ${OCSP}/`]);
  for (const request of outside.filter((r) => r.method === 'POST')) assert.ok(expected.has(request.body.toString('hex')), 'an unexpected OCSP body');

  // The revoked signer: the responder says revoked (keyCompromise), and the page says so.
  const revoked = pkiTranscript('revoked');
  await drop(page, 'nguoi-ky-bi-thu-hoi.xml', revoked.bytes);
  await page.waitForSelector('#verdict[data-verdict="invalid"]');
  assert.equal(await page.locator('#verdict h3').textContent(), 'Không hợp lệ');
  const item = await page.locator('.signature .revocation li').first().textContent();
  assert.match(item, /Phạm Quốc Bảo.*ĐÃ BỊ THU HỒI lúc .*2025.*keyCompromise.*nguồn: OCSP, hỏi trực tuyến tại http:\/\/127\.0\.0\.1:18081/);
  assert.equal(await page.locator('#problems li[data-code="revoked"]').count(), 1);
  assert.doesNotMatch(await page.locator('#result').textContent(), /null|undefined|NaN/);
  await page.screenshot({ path: path.join(shots, 'online-revoked.png'), fullPage: true });

  // Turned off again: back to what is at hand, nothing fetched.
  const count = outside.length;
  await online.uncheck();
  await page.waitForSelector('#verdict[data-verdict="undetermined"]');
  assert.equal(await page.locator('#online-checks li').count(), 0);
  assert.equal(outside.length, count);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the CA servers unreachable: said in words, the verdict stays undetermined', async () => {
  pkiServers('stop');
  const { context, page, outside, errors } = await open();
  // By keyboard: the box follows the policy choice in the tab order; Space ticks it.
  await page.locator('#revocation-policy').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'online-revocation');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#online-revocation').isChecked(), true);
  await drop(page, 'hoc-ba-da-ky.xml', pkiTranscript().bytes);
  await page.waitForSelector('#verdict[data-verdict="undetermined"]');
  assert.equal(await page.locator('#verdict h3').textContent(), 'Không xác định được');
  assert.equal(await page.locator('#online-checks li[data-outcome="failed"]').count(), 4);
  assert.match(await page.locator('#online-checks li').first().textContent(),
    /Hỏi OCSP — http:\/\/127\.0\.0\.1:18081 — .*: không hỏi được: máy chủ không trả lời, hoặc không cho phép trang web đọc câu trả lời/);
  assert.match(await page.locator('#online-checks').textContent(), /kết luận giữ là “không xác định được”, không phải “hợp lệ”/);
  // Each signature names the servers it could not ask.
  const first = await page.locator('.signature .revocation li').first().textContent();
  assert.match(first, /không xác định được.*Máy chủ http:\/\/127\.0\.0\.1:18081: không hỏi được: máy chủ không trả lời/);
  assert.ok((await page.locator('#problems li[data-code="revocation-unknown"]').count()) >= 1);
  assert.equal(outside.length, 4, 'each request tried once');
  assert.doesNotMatch(await page.locator('#result').textContent(), /null|undefined|NaN/);
  await page.screenshot({ path: path.join(shots, 'online-unreachable.png'), fullPage: true });

  await page.click('#language');
  assert.equal(await page.locator('label[for="online-revocation"]').textContent(),
    'Check revocation online (sends the certificate’s serial number to the CA’s server)');
  assert.match(await page.locator('#online-checks li').first().textContent(), /Ask OCSP — .*: not reached: the server did not answer/);
  assert.equal(await page.locator('#verdict h3').textContent(), 'Cannot be determined');
  assert.deepEqual(errors, []);
  await context.close();
});
