// Verification time of the two-signature transcript (RSA-2048 + ECDSA P-256, both signers
// trusted, as the page calls it): in headless Chromium on the verifier page, and the same WASM
// module in Node in the same run. Prints median and 95th percentile per verification.
// Run: bash bindings-wasm/build.sh && node bindings-wasm/bench/verify.js (needs the hocba CLI built).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { keys, signedTranscript } = require('../tests/support.js');
const { serve } = require('../tests/static-server.js');

const ROUNDS = 60; // each round times BATCH verifications (Chromium coarsens performance.now)
const BATCH = 10;

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95) };
}

/** Runs in the page (and in Node): per-verification milliseconds of each round. */
function measure(verify, xml, certificates, rounds, batch) {
  const options = { trustedCertificates: certificates };
  for (let i = 0; i < 20; i += 1) verify(xml, options); // warm-up
  const samples = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = performance.now();
    for (let i = 0; i < batch; i += 1) {
      if (verify(xml, options).verdict !== 'valid') throw new Error('not valid');
    }
    samples.push((performance.now() - start) / batch);
  }
  return samples;
}

async function main() {
  const xml = signedTranscript().bytes;
  const certificates = ['rsa2048-cert.pem', 'p256-cert.pem'].map((n) => fs.readFileSync(path.join(keys, n)));

  const node = require('../pkg/node/hocba_wasm.js');
  const inNode = summary(measure(node.verify, xml, certificates, ROUNDS, BATCH));

  const server = await serve(path.resolve(__dirname, '..', 'www'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // The page's CSP forbids eval; the timing function is injected from here.
  const page = await browser.newContext({ bypassCSP: true }).then((c) => c.newPage());
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  const samples = await page.evaluate(
    async ({ xml, certificates, rounds, batch, source }) => {
      const { verify } = await import('./pkg/hocba_wasm.js'); // the instance the page initialized
      const measure = new Function(`return ${source}`)();
      return measure(verify, new Uint8Array(xml), certificates.map((c) => new Uint8Array(c)), rounds, batch);
    },
    { xml: [...xml], certificates: certificates.map((c) => [...c]), rounds: ROUNDS, batch: BATCH, source: measure.toString() },
  );
  const inBrowser = summary(samples);
  const version = browser.version();
  await browser.close();
  await server.close();

  const ms = (x) => x.toFixed(2);
  console.log(`two-signature transcript (${xml.length} bytes), ${ROUNDS} rounds x ${BATCH} verifications`);
  console.log(`Chromium ${version}: median ${ms(inBrowser.median)} ms, p95 ${ms(inBrowser.p95)} ms`);
  console.log(`Node ${process.version}: median ${ms(inNode.median)} ms, p95 ${ms(inNode.p95)} ms`);
  console.log(`Chromium / Node: ${(inBrowser.median / inNode.median).toFixed(2)}x`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
