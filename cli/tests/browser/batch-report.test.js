// The batch HTML report (`hocba verify --report`) in real headless Chromium (Debian's, driven by
// playwright-core from bindings-wasm's packages): opened from disk, self-contained (no request
// leaves the file), it shows the summary with the generator's counts and a row per file.
// Screenshot: target/batch-report/report.png.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const repo = path.resolve(__dirname, '..', '..', '..');
const bin = process.env.HOCBA_BIN || path.join(repo, 'target', 'debug', 'hocba');
const generator = process.env.HOCBA_GENERATOR || path.join(repo, 'target', 'debug', 'examples', 'generate_batch');
const pki = path.join(repo, 'test-vectors', 'pki');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

test('the HTML report of a mixed batch opens in Chromium and shows the summary', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hocba-report-'));
  execFileSync(generator, ['105', path.join(dir, 'batch'), pki]);
  const expected = {};
  for (const line of fs.readFileSync(path.join(dir, 'batch', 'manifest.tsv'), 'utf8').trim().split('\n').slice(1)) {
    const [, verdict] = line.split('\t');
    expected[verdict] = (expected[verdict] || 0) + 1;
  }
  const report = path.join(dir, 'bao-cao.html');
  const run = spawnSync(bin, ['verify', '--quiet', '--jobs', '2', '--trust', path.join(pki, 'root-cert.pem'),
    '--crl', path.join(pki, 'ca.crl'), '--crl', path.join(pki, 'root.crl'), '--report', report, path.join(dir, 'batch')]);
  assert.equal(run.status, 2, 'the truncated files are unusable input');

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('file://' + report);
    assert.equal(await page.title(), 'Báo cáo kiểm tra học bạ số');
    const summary = await page.$$eval('#summary tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
    const value = (label) => Number(summary.find(([name]) => name === label)[1]);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    assert.equal(value('Số tệp'), total);
    assert.equal(value('HỢP LỆ'), expected.valid);
    assert.equal(value('KHÔNG HỢP LỆ'), expected.invalid);
    assert.equal(value('KHÔNG ĐỌC ĐƯỢC'), expected.unusable);
    assert.equal(await page.$$eval('#files tr', (rows) => rows.length - 1), total);
    assert.ok(await page.isVisible('text=Trường THCS Lê Quý Đôn'));
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing is fetched');
    const shots = path.join(repo, 'target', 'batch-report');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: false });
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
