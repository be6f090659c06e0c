// The JavaScript examples of the README, docs/ and this package's README run as written: each
// file's ```js blocks in order, in one Node process, from a scratch folder where `hocba-wasm` is
// this package (as `npm install ./bindings-wasm` makes it) and test-vectors/ the repository's.
// Placeholders belong in ```text blocks, which nothing runs.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { repo } = require('../support.js');

const docs = [
  'README.md',
  ...fs.readdirSync(path.join(repo, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`),
  'bindings-wasm/README.md',
];

/** Each ```js block of the file, with the line it starts on. */
function blocks(file) {
  const lines = fs.readFileSync(path.join(repo, file), 'utf8').split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```js') continue;
    const end = lines.indexOf('```', i + 1);
    found.push({ line: i + 2, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return found;
}

test('the WASM guide and the package README have examples', () => {
  assert.ok(blocks('docs/wasm.md').length > 0 && blocks('bindings-wasm/README.md').length > 0);
});

for (const file of docs.filter((f) => blocks(f).length > 0)) {
  test(`the js examples of ${file} run`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hocba-doc-js-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(repo, 'bindings-wasm'), path.join(dir, 'node_modules', 'hocba-wasm'));
    fs.symlinkSync(path.join(repo, 'test-vectors'), path.join(dir, 'test-vectors'));
    // The blocks in order, in one scope (a later block uses what an earlier one made); a comment
    // names where each comes from.
    const script = blocks(file).map((b) => `// ${file}:${b.line}\n${b.code}`).join('\n');
    fs.writeFileSync(path.join(dir, 'examples.js'), script);
    const run = spawnSync(process.execPath, ['examples.js'], { cwd: dir, encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(run.status, 0, `${file}'s examples failed:\n${run.stderr}\n${run.stdout}`);
  });
}
