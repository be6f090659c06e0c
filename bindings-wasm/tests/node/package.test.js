// `npm pack` makes an installable package: installed into an empty project, `require` gives the
// Node build, `import` of `hocba-wasm/web` the browser build, each with its types, and both verify.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { repo, testRoot, demoTranscript } = require('../support.js');

const here = path.resolve(__dirname, '..', '..');

test('npm pack, npm install, require and import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hocba-wasm-pack-'));
  const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--cache', path.join(repo, 'target/npm-cache')], { cwd, encoding: 'utf8' });
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], here));
  const files = packed.files.map((f) => f.path).sort();
  for (const target of ['web', 'node']) {
    for (const file of ['hocba_wasm.js', 'hocba_wasm.d.ts', 'hocba_wasm_bg.wasm']) assert.ok(files.includes(`pkg/${target}/${file}`), `${target}/${file} not packed`);
  }
  assert.ok(files.includes('README.md'), `no README packed: ${files}`);
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('www/') || f.startsWith('tests/')), `sources packed: ${files}`);

  const project = path.join(dir, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "uses-hocba", "version": "1.0.0", "private": true }');
  npm(['install', '--offline', path.join(dir, packed.filename)], project);
  const { file } = demoTranscript();
  const script = `
    const fs = require('node:fs');
    const xml = fs.readFileSync(${JSON.stringify(file)});
    const options = { trustedCertificates: [fs.readFileSync(${JSON.stringify(testRoot)})] };
    const node = require('hocba-wasm');
    (async () => {
      const web = await import('hocba-wasm/web');
      web.initSync({ module: fs.readFileSync(require.resolve('hocba-wasm/hocba_wasm_bg.wasm')) });
      console.log(JSON.stringify([node.verify(xml, options).verdict, web.verify(xml, options).verdict, node.verify(xml).verdict, node.version() === web.version()]));
    })();`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
    // Valid with the test root trusted, in both builds; not under the default government roots.
  assert.deepEqual(JSON.parse(out), ['valid', 'valid', 'invalid', true]);
  const types = fs.readFileSync(path.join(project, 'node_modules/hocba-wasm/pkg/node/hocba_wasm.d.ts'), 'utf8');
  assert.match(types, /export function verify\(xml: XmlInput, options\?: VerifyOptions \| null\): VerifyResult;/);
  assert.match(types, /export interface SignatureReport \{/);
  assert.match(types, /export function parseTranscript\(xml: XmlInput\): Transcript;/);
  assert.match(types, /export function validate\(xml: XmlInput, options\?: ValidateOptions \| null\): ValidationResult;/);
  fs.rmSync(dir, { recursive: true, force: true });
});
