// Paper copies: the PDF `hocba render` writes is verified as the transcript embedded in it
// (embeddedTranscript, verify), a copy's reference is checked against a document (checkPaper)
// with the same answer as `hocba verify --qr --json`, hostile PDFs are typed errors, and the QR
// code of a page rendered by pdftoppm reads back with decodeQr.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const hocba = require('../../pkg/node/hocba_wasm.js');
const {
  trustOptions, nowSeconds, demoTranscript, tamperedDemo, pkiTranscript, paperCopy, cliPaper, pageImage,
} = require('../support.js');

const now = nowSeconds();
const demoCopy = () => paperCopy('hoc-ba-demo', demoTranscript());

/** The error `call` throws, checked to be one of the library's typed errors. */
function thrown(call) {
  try {
    call();
  } catch (error) {
    assert.equal(typeof error.code, 'string', `untyped error: ${error}`);
    return error;
  }
  assert.fail('no error thrown');
}

/** `bytes` with `from` replaced by `to` (the same length, so a PDF's offsets stay right). */
function replaced(bytes, from, to) {
  assert.equal(Buffer.byteLength(from), Buffer.byteLength(to));
  const at = Buffer.from(bytes).indexOf(from);
  assert.ok(at >= 0, `${from} not found`);
  const out = Buffer.from(bytes);
  out.write(to, at);
  return new Uint8Array(out);
}

test('the PDF carries the signed XML byte for byte, and verifies as it does', () => {
  const demo = demoTranscript();
  const copy = demoCopy();
  assert.deepEqual(Buffer.from(hocba.embeddedTranscript(copy.bytes)), demo.bytes);
  const fromXml = hocba.verify(demo.bytes, trustOptions(now));
  const fromPdf = hocba.verify(copy.bytes, trustOptions(now));
  assert.equal(fromPdf.verdict, 'valid');
  assert.equal(fromPdf.from_pdf, true);
  assert.equal(fromXml.from_pdf, false);
  assert.deepEqual({ ...fromPdf, from_pdf: false }, fromXml);
});

test('a copy belongs to its transcript, as XML or as the PDF itself, as the CLI says', () => {
  const demo = demoTranscript();
  const copy = demoCopy();
  for (const [document, file] of [[demo.bytes, demo.file], [copy.bytes, copy.file]]) {
    const result = hocba.checkPaper(copy.reference, document, trustOptions(now));
    assert.equal(result.verdict, 'valid');
    assert.deepEqual(result.paper.mismatch, null);
    assert.equal(result.paper.belongs, true);
    assert.equal(result.paper.reference, copy.reference);
    assert.match(result.paper.message.vi, /^BẢN GIẤY KHỚP: /);
    assert.match(result.paper.message.en, /^PAPER COPY MATCHES: /);
    assert.deepEqual(cliPaper(copy.reference, file).paper, { belongs: true, mismatch: null });
  }
  // White space a scanner adds around the text is not part of the reference.
  assert.equal(hocba.checkPaper(` ${copy.reference}\n`, demo.bytes, trustOptions(now)).paper.belongs, true);
});

test('copies that do not belong: another record, other years, another digest, a changed transcript', () => {
  const demo = demoTranscript();
  const copy = demoCopy();
  const other = paperCopy('hoc-ba-khac', pkiTranscript());
  const [format, years, digest, record] = copy.reference.split(/:(?=.)/);
  const flipped = (digest[0] === 'A' ? 'B' : 'A') + digest.slice(1);
  const cases = [
    [other.reference, demo, 'paper-other-record'],
    [[format, years.split('+').slice(1).join('+'), digest, record].join(':'), demo, 'paper-other-years'],
    [[format, years, flipped, record].join(':'), demo, 'paper-digest-mismatch'],
    [copy.reference, tamperedDemo(), 'not-valid'],
  ];
  for (const [reference, document, code] of cases) {
    const result = hocba.checkPaper(reference, document.bytes, trustOptions(now));
    assert.equal(result.paper.belongs, false, reference);
    assert.equal(result.paper.mismatch.code, code, reference);
    assert.match(result.paper.message.vi, /^BẢN GIẤY KHÔNG KHỚP: /);
    assert.ok(result.paper.message.vi.includes(result.paper.mismatch.vi));
    assert.deepEqual(cliPaper(reference, document.file).paper, { belongs: false, mismatch: result.paper.mismatch });
  }
});

test('a changed transcript inside the PDF is invalid; its copy no longer belongs', () => {
  const copy = demoCopy();
  const text = Buffer.from(copy.bytes).toString('latin1');
  const [score, value] = text.match(/<DTBCaNam>(\d)/);
  const pdf = replaced(copy.bytes, score, `<DTBCaNam>${value === '9' ? '8' : '9'}`);
  const result = hocba.verify(pdf, trustOptions(now));
  assert.equal(result.from_pdf, true);
  assert.equal(result.verdict, 'invalid');
  const checked = hocba.checkPaper(copy.reference, pdf, trustOptions(now));
  assert.equal(checked.paper.belongs, false);
  assert.ok(checked.paper.mismatch, 'a changed year cannot match');
});

test('a malformed reference is a typed error in both languages, before any verification', () => {
  const demo = demoTranscript();
  for (const text of ['', 'https://example.org', 'HOCBA2:2024-2025:X:Y', 'HOCBA1:2024-2026:AAAA:R']) {
    const error = thrown(() => hocba.checkPaper(text, demo.bytes, trustOptions(now)));
    assert.equal(error.code, 'paper-reference-malformed', text);
    assert.match(error.vi, /^Mã xác minh/);
    assert.equal(error.en, error.message);
  }
  // The reference is read first: a bad one with a document that is not XML is still about the reference.
  assert.equal(thrown(() => hocba.checkPaper('x', new TextEncoder().encode('<a'), trustOptions(now))).code, 'paper-reference-malformed');
});

test('hostile and truncated PDFs are typed errors, never a crash', () => {
  const copy = demoCopy();
  const codes = new Set(hocba.codes().map((c) => c.code));
  const seen = new Set();
  const tryPdf = (pdf) => {
    let result;
    try {
      result = hocba.verify(pdf, trustOptions(now));
    } catch (error) {
      assert.ok(codes.has(error.code), `${error.code}: ${error.message}`);
      if (error.code.startsWith('pdf')) {
        assert.ok(error.vi && error.en, 'a PDF error has its words');
      }
      seen.add(error.code);
      return;
    }
    seen.add(result.verdict);
  };
  for (const length of [5, 100, 1000, copy.bytes.length >> 1, copy.bytes.length - 10]) tryPdf(copy.bytes.slice(0, length));
  // A byte flipped every few kilobytes: in the structure, the fonts, the embedded XML.
  for (let at = 0; at < copy.bytes.length; at += 4093) {
    const pdf = new Uint8Array(copy.bytes);
    pdf[at] ^= 0x5a;
    tryPdf(pdf);
  }
  tryPdf(new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(500)));
  assert.ok(seen.has('pdf-malformed'), [...seen].join(', '));
  // A readable PDF without an attachment.
  const bare = minimalPdf();
  assert.equal(thrown(() => hocba.embeddedTranscript(bare)).code, 'pdf-no-transcript');
  assert.equal(thrown(() => hocba.verify(bare, trustOptions(now))).code, 'pdf-no-transcript');
  assert.equal(thrown(() => hocba.embeddedTranscript('%PDF-')).code, 'invalid-setting');
  // Larger than the reader takes: refused before it is read.
  const huge = new Uint8Array((32 << 20) + 1);
  huge.set(new TextEncoder().encode('%PDF-1.7\n'));
  assert.equal(thrown(() => hocba.embeddedTranscript(huge)).code, 'too-large');
  // The module still works after all of that.
  assert.equal(hocba.verify(copy.bytes, trustOptions(now)).verdict, 'valid');
});

/** A one-page PDF with no embedded file, its cross-reference table computed. */
function minimalPdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

test('the QR code of a rendered page reads back as the reference, quickly', () => {
  const copy = demoCopy();
  for (const dpi of [150, 200]) {
    const image = pageImage(copy.file, 1, dpi);
    const started = process.hrtime.bigint();
    const texts = hocba.decodeQr(image.luma, image.width, image.height);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.deepEqual(texts, [copy.reference], `${dpi} dpi`);
    console.log(`decodeQr: A4 page at ${dpi} dpi (${image.width} × ${image.height}) in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 2000, `${ms} ms`);
  }
  // The slowest case: the largest image, without a code (the whole, then every window searched).
  const side = Math.floor(Math.sqrt(hocba.maxQrPixels()));
  const page = pageImage(copy.file, 2, 200);
  const busy = new Uint8Array(side * side);
  // The second page's text below its QR code (which the top 400 rows hold), rows repeated to fill.
  for (let y = 0; y < side; y++) {
    const row = (400 + (y % (page.height - 400))) * page.width;
    busy.set(page.luma.subarray(row, row + Math.min(side, page.width)), y * side);
  }
  const started = process.hrtime.bigint();
  const found = hocba.decodeQr(busy, side, side);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`decodeQr: ${side} × ${side} of text without a code in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 4000, `${ms} ms`);
  assert.deepEqual(found, []);
  // A blank picture, and sizes the reader refuses before reading a pixel.
  assert.deepEqual(hocba.decodeQr(new Uint8Array(640 * 480).fill(255), 640, 480), []);
  assert.equal(thrown(() => hocba.decodeQr(new Uint8Array(10), 4, 4)).code, 'invalid-setting');
  assert.equal(thrown(() => hocba.decodeQr(new Uint8Array(0), 5000, 5000)).code, 'too-large');
  assert.ok(hocba.maxQrPixels() >= 1240 * 1754, 'an A4 page at 150 dpi fits');
});
