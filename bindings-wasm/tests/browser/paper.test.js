// Paper copies on the verifier page, in real headless Chromium: a PDF copy dropped verifies as
// the transcript inside it; the QR code read from an image (pdftoppm's picture of a page rendered
// by `hocba render`) or from the camera (Chromium's fake camera playing a video made here from
// that picture) says BẢN GIẤY KHỚP, and a copy of another transcript or a changed reference
// KHÔNG KHỚP with the reason. The QR reader is the library's (rqrr in the WASM module) with the
// browser's BarcodeDetector taken away, and the browser's own where Chromium has one.
// Screenshots go to target/wasm-browser/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { repo, testRoot, demoTranscript, pkiTranscript, paperCopy, pageImage, scratchDir } = require('../support.js');
const { serve } = require('../static-server.js');

const www = path.resolve(__dirname, '..', '..', 'www');
const shots = path.join(repo, 'target', 'wasm-browser');
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

const demoCopy = () => paperCopy('hoc-ba-demo', demoTranscript());

/** A fresh page with the test root trusted; `withoutDetector` takes the browser's BarcodeDetector
 *  away before the page's script runs, so the library's QR reader does the work. */
async function open({ on = browser, withoutDetector = false } = {}) {
  const context = await on.newContext({ viewport: { width: 1000, height: 900 } });
  if (withoutDetector) await context.addInitScript(() => delete globalThis.BarcodeDetector);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.setInputFiles('#certificates', testRoot);
  await page.waitForFunction(() => document.querySelectorAll('#trusted-list button').length === 1);
  return { context, page, errors };
}

/** Drops a file on the page the way a person does (a drop event carrying a File), on the element
 *  `target` (the transcript's drop zone unless said). */
async function drop(page, name, bytes, type, target = 'dropzone') {
  await page.evaluate(({ name, base64, type, target }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type }));
    document.getElementById(target).dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64'), type, target });
}

/** The paper answer once it is shown: its kind (`belongs`, `mismatch`, ...), code and text. */
async function paperAnswer(page, kind) {
  await page.waitForSelector(`#paper-verdict[data-paper="${kind}"]`, { timeout: 20000 });
  const box = page.locator('#paper-verdict');
  const text = await box.textContent();
  assert.doesNotMatch(text, /null|undefined|NaN/);
  return { code: await box.getAttribute('data-code'), text };
}

test('a PDF copy dropped verifies as its transcript; its QR image says BẢN GIẤY KHỚP (the library\'s reader)', async () => {
  const { context, page, errors } = await open({ withoutDetector: true });
  const copy = demoCopy();
  await drop(page, 'ban-giay.pdf', copy.bytes, 'application/pdf');
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  const banner = await page.locator('#verdict').textContent();
  assert.match(banner, /Hợp lệ/);
  assert.match(banner, /Tệp PDF bản giấy; học bạ số đính kèm trong tệp được kiểm tra\./);
  assert.doesNotMatch(banner, /null|undefined|NaN/);
  assert.match(await page.locator('#student').textContent(), /Học sinh/);

  const image = pageImage(copy.file, 1, 150, true);
  await page.setInputFiles('#qr-image', image.file);
  const answer = await paperAnswer(page, 'belongs');
  assert.match(answer.text, /^BẢN GIẤY KHỚP/);
  assert.ok(answer.text.includes(copy.reference), answer.text);
  assert.equal(await page.locator('#paper').getAttribute('data-decoder'), 'hocba');
  assert.equal(await page.inputValue('#qr-text'), copy.reference);
  assert.match(await page.locator('#qr-status').textContent(), /Đã đọc mã QR trong ảnh/);
  await page.locator('#paper').screenshot({ path: path.join(shots, 'paper-khop.png') });

  // The same copy against its XML file: the answer follows the file at hand.
  await drop(page, 'hoc-ba.xml', demoTranscript().bytes, 'text/xml');
  await page.waitForFunction(() => !/PDF/.test(document.getElementById('verdict').textContent)
    && document.getElementById('verdict').dataset.verdict === 'valid');
  assert.match((await paperAnswer(page, 'belongs')).text, /hoc-ba\.xml/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a copy of another transcript, a changed or malformed reference: KHÔNG KHỚP with the reason, in Vietnamese or English', async () => {
  const { context, page, errors } = await open({ withoutDetector: true });
  const copy = demoCopy();
  const other = paperCopy('hoc-ba-khac', pkiTranscript());
  await drop(page, 'ban-giay.pdf', copy.bytes, 'application/pdf');
  await page.waitForSelector('#verdict[data-verdict="valid"]');

  // A picture of the other copy's page, dropped on the paper section.
  const image = pageImage(other.file, 1, 150, true);
  await drop(page, 'anh-ma-qr.png', fs.readFileSync(image.file), 'image/png', 'paper');
  let answer = await paperAnswer(page, 'mismatch');
  assert.equal(answer.code, 'paper-other-record');
  assert.match(answer.text, /^BẢN GIẤY KHÔNG KHỚP/);
  assert.match(answer.text, /Bản giấy thuộc học bạ .+, không phải học bạ .+ trong tệp này/);
  await page.locator('#paper').screenshot({ path: path.join(shots, 'paper-khong-khop.png') });

  // The reference typed with one character of the digest changed.
  const fields = copy.reference.split(':');
  fields[2] = (fields[2][0] === 'A' ? 'B' : 'A') + fields[2].slice(1);
  await page.fill('#qr-text', fields.join(':'));
  await page.click('#check-qr-text');
  answer = await paperAnswer(page, 'mismatch');
  assert.equal(answer.code, 'paper-digest-mismatch');
  assert.match(answer.text, /nội dung đã ký khác nhau/);

  await page.fill('#qr-text', 'HOCBA1:2024-2026:ABC:X');
  await page.press('#qr-text', 'Enter');
  answer = await paperAnswer(page, 'malformed');
  assert.match(answer.text, /^MÃ XÁC MINH KHÔNG ĐÚNG DẠNG.*Mã xác minh/);

  await page.fill('#qr-text', fields.join(':'));
  await page.click('#check-qr-text');
  await paperAnswer(page, 'mismatch');
  await page.click('#language');
  answer = await paperAnswer(page, 'mismatch');
  assert.match(answer.text, /^PAPER COPY DOES NOT MATCH/);
  assert.match(answer.text, /signed content differs/);
  assert.doesNotMatch(answer.text, /Bản giấy|khớp/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the browser\'s own BarcodeDetector, where Chromium has one, reads the same code', async (t) => {
  const { context, page, errors } = await open();
  const usable = await page.evaluate(async () => 'BarcodeDetector' in globalThis
    && (await BarcodeDetector.getSupportedFormats().catch(() => [])).includes('qr_code'));
  if (!usable) {
    await context.close();
    t.skip('this Chromium has no BarcodeDetector for QR codes (Linux): the library\'s reader is the one tested above');
    return;
  }
  const copy = demoCopy();
  await drop(page, 'ban-giay.pdf', copy.bytes, 'application/pdf');
  await page.waitForSelector('#verdict[data-verdict="valid"]');
  await page.setInputFiles('#qr-image', pageImage(copy.file, 1, 150, true).file);
  await paperAnswer(page, 'belongs');
  assert.equal(await page.locator('#paper').getAttribute('data-decoder'), 'barcode-detector');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A Y4M video (4:2:0, grey) of `frames` frames of the `width` × `height` window of `image` at
 *  (`left`, `top`): Chromium's fake camera plays it in a loop. */
function y4m(image, left, top, width, height, frames = 3) {
  const luma = Buffer.alloc(width * height, 255);
  for (let y = 0; y < height && top + y < image.height; y++) {
    const from = (top + y) * image.width + left;
    image.luma.copy(luma, y * width, from, from + Math.min(width, image.width - left));
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]);
}

test('the camera (Chromium\'s fake one, playing the page\'s QR code) says BẢN GIẤY KHỚP, then stops', async () => {
  const copy = demoCopy();
  const image = pageImage(copy.file, 1, 150);
  // The top right corner of the page, where the QR code is printed.
  const video = path.join(scratchDir(), 'camera.y4m');
  fs.writeFileSync(video, y4m(image, image.width - 640, 0, 640, 480));
  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...FLAGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const { page, errors } = await open({ on: camera, withoutDetector: true });
    await page.context().grantPermissions(['camera'], { origin: server.url });
    await drop(page, 'ban-giay.pdf', copy.bytes, 'application/pdf');
    await page.waitForSelector('#verdict[data-verdict="valid"]');
    await page.click('#scan-qr');
    const answer = await paperAnswer(page, 'belongs');
    assert.ok(answer.text.includes(copy.reference), answer.text);
    assert.match(await page.locator('#qr-status').textContent(), /Đã đọc mã QR từ camera/);
    assert.equal(await page.locator('#camera').isHidden(), true);
    assert.equal(await page.evaluate(() => document.getElementById('camera-video').srcObject), null);
    assert.deepEqual(errors, []);
  } finally {
    await camera.close();
  }
});
