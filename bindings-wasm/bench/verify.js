// Verification time of the two-signature document (the test PKI's GVCN, RSA-2048, and principal,
// ECDSA P-256; the test root trusted and its CRLs given, so the whole report: signatures, paths,
// revocation): in headless Chromium on the verifier page, and the same WASM
// module in Node in the same run. Prints the first verification after load (it checks the paths'
// and CRLs' signatures, which the core then remembers for the rest of the process or page), then
// the median and 95th percentile per verification of the repeated ones.
// Run: bash bindings-wasm/build.sh && node bindings-wasm/bench/verify.js (needs the hocba CLI built).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { pki, testRoot, signedTranscript } = require('../tests/support.js');
const { serve } = require('../tests/static-server.js');

const ROUNDS = 60; // each round times BATCH verifications (Chromium coarsens performance.now)
const BATCH = 10;

function summary({ firstMs, samples }) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { first: firstMs, median: at(0.5), p95: at(0.95) };
}

/** Runs in the page (and in Node): the first call's milliseconds, then per-verification milliseconds of each round. */
function measure(verify, xml, anchors, crls, rounds, batch) {
  const options = { trustedCertificates: anchors, crls };
  const first = performance.now();
  if (verify(xml, options).verdict !== 'valid') throw new Error('not valid');
  const firstMs = performance.now() - first;
  for (let i = 0; i < 19; i += 1) verify(xml, options); // the rest of the warm-up
  const samples = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = performance.now();
    for (let i = 0; i < batch; i += 1) {
      if (verify(xml, options).verdict !== 'valid') throw new Error('not valid');
    }
    samples.push((performance.now() - start) / batch);
  }
  return { firstMs, samples };
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
  const measured = await page.evaluate(
    async ({ xml, anchors, crls, rounds, batch, source }) => {
      const { verify } = await import('./pkg/hocba_wasm.js'); // the instance the page initialized
      const measure = new Function(`return ${source}`)();
      const bytes = (list) => list.map((c) => new Uint8Array(c));
      return measure(verify, new Uint8Array(xml), bytes(anchors), bytes(crls), rounds, batch);
    },
    { xml: [...xml], anchors: anchors.map((c) => [...c]), crls: crls.map((c) => [...c]), rounds: ROUNDS, batch: BATCH, source: measure.toString() },
  );
  const inBrowser = summary(measured);
  const version = browser.version();
  await browser.close();
  await server.close();

  const ms = (x) => x.toFixed(2);
  console.log(`two-signature document (${xml.length} bytes), ${ROUNDS} rounds x ${BATCH} verifications`);
  const line = (where, r) => `${where}: first ${ms(r.first)} ms, then median ${ms(r.median)} ms, p95 ${ms(r.p95)} ms`;
  console.log(line(`Chromium ${version}`, inBrowser));
  console.log(line(`Node ${process.version}`, inNode));
  console.log(`Chromium / Node (median): ${(inBrowser.median / inNode.median).toFixed(2)}x`);
  console.log(`load average: ${require('node:os').loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
