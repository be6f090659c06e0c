// Verification time of the two-signature document (the test PKI's GVCN, RSA-2048, and principal,
// ECDSA P-256; the test root trusted and its CRLs given, so the whole report: signatures, paths,
// revocation): in headless Chromium on the verifier page, and the same WASM
// module in Node in the same run. Prints median and 95th percentile per verification.
// Run: bash bindings-wasm/build.sh && node bindings-wasm/bench/verify.js (needs the hocba CLI built).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { pki, testRoot, signedTranscript } = require('../tests/support.js');
const { serve } = require('../tests/static-server.js');

const ROUNDS = 60; // each round times BATCH verifications (Chromium coarsens performance.now)
const BATCH = 10;

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95) };
}

/** Runs in the page (and in Node): per-verification milliseconds of each round. */
function measure(verify, xml, anchors, crls, rounds, batch) {
  const options = { trustedCertificates: anchors, crls };
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
  const anchors = [fs.readFileSync(testRoot)];
  const crls = ['ca.crl', 'root.crl'].map((n) => fs.readFileSync(path.join(pki, n)));

  const node = require('../pkg/node/hocba_wasm.js');
  const inNode = summary(measure(node.verify, xml, anchors, crls, ROUNDS, BATCH));

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
    async ({ xml, anchors, crls, rounds, batch, source }) => {
      const { verify } = await import('./pkg/hocba_wasm.js'); // the instance the page initialized
      const measure = new Function(`return ${source}`)();
      const bytes = (list) => list.map((c) => new Uint8Array(c));
      return measure(verify, new Uint8Array(xml), bytes(anchors), bytes(crls), rounds, batch);
    },
    { xml: [...xml], anchors: anchors.map((c) => [...c]), crls: crls.map((c) => [...c]), rounds: ROUNDS, batch: BATCH, source: measure.toString() },
  );
  const inBrowser = summary(samples);
  const version = browser.version();
  await browser.close();
  await server.close();

  const ms = (x) => x.toFixed(2);
  console.log(`two-signature document (${xml.length} bytes), ${ROUNDS} rounds x ${BATCH} verifications`);
  console.log(`Chromium ${version}: median ${ms(inBrowser.median)} ms, p95 ${ms(inBrowser.p95)} ms`);
  console.log(`Node ${process.version}: median ${ms(inNode.median)} ms, p95 ${ms(inNode.p95)} ms`);
  console.log(`Chromium / Node: ${(inBrowser.median / inNode.median).toFixed(2)}x`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
