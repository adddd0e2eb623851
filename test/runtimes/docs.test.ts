/**
 * The example of each page in docs/runtimes/ is run as written in its runtime (the first ```ts block
 * of the page), importing ferryml from the BUILT package, and must print what its comment says.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXECUTABLES, requireRuntime } from './availability.ts';
import { ensureBuilt, ROOT } from './build.ts';
import { bundleScript, distImport } from './bundle.ts';
import { launchChromium, openModulePage } from './chromium.ts';
import { startStaticServer } from './server.ts';
import { runJson } from './spawn.ts';

const WORK = join(ROOT, 'tmp', 'docs-examples');

/** The first ```ts block of docs/runtimes/<page>.md, and the output its last comment promises. */
function example(page: string): { code: string; expected: unknown } {
  const text = readFileSync(join(ROOT, 'docs/runtimes', `${page}.md`), 'utf8');
  const code = /```ts[^\n]*\n([\s\S]*?)```/.exec(text)?.[1];
  assert.ok(code, `docs/runtimes/${page}.md has no \`\`\`ts block`);
  const lines = code.trim().split('\n');
  assert.ok(lines.length <= 12, `the example of ${page}.md has ${lines.length} lines`);
  const promised = /\/\/ (.+)$/.exec(lines[lines.length - 1])?.[1];
  assert.ok(promised, 'the last line states its output in a comment');
  return { code, expected: JSON.parse(promised) };
}

function writeExample(page: string, code: string): { dir: string; file: string } {
  const dir = join(WORK, page);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'example.ts');
  writeFileSync(file, code);
  return { dir, file };
}

before(() => ensureBuilt());
after(() => rmSync(WORK, { recursive: true, force: true }));

describe('docs/runtimes examples run as written', () => {
  it('node.md', async () => {
    const { code, expected } = example('node');
    const { dir, file } = writeExample('node', code);
    const script = await bundleScript(
      file.slice(ROOT.length),
      'docs-node.js',
      distImport(join(ROOT, 'dist'), 'node'),
      'node',
    );
    assert.deepEqual(await runJson(process.execPath, [script], '', 60_000, dir), expected);
  });

  it('deno.md', async (t) => {
    if (!requireRuntime(t, 'deno')) return;
    const { code, expected } = example('deno');
    const { dir, file } = writeExample('deno', code);
    const config = join(ROOT, 'test/runtimes/deno/deno.json');
    const args = ['run', '--config', config, '--allow-read', '--allow-write', file];
    assert.deepEqual(await runJson(EXECUTABLES.deno, args, '', 60_000, dir), expected);
  });

  it('bun.md', async (t) => {
    if (!requireRuntime(t, 'bun')) return;
    const { code, expected } = example('bun');
    const { dir, file } = writeExample('bun', code);
    const script = await bundleScript(
      file.slice(ROOT.length),
      'docs-bun.js',
      distImport(join(ROOT, 'dist'), 'bun'),
      'node',
    );
    assert.deepEqual(await runJson(EXECUTABLES.bun, [script], '', 60_000, dir), expected);
  });

  it('browser.md (Chromium, IndexedDB)', async (t) => {
    if (!requireRuntime(t, 'chromium')) return;
    const { code, expected } = example('browser');
    const { file } = writeExample('browser', code);
    await bundleScript(file.slice(ROOT.length), 'docs-browser.js', distImport('/dist', 'browser'), 'browser');
    const server = await startStaticServer();
    const browser = await launchChromium();
    try {
      const { logs, errors } = await openModulePage(browser, server, 'docs-browser', 'docs-browser.js');
      assert.deepEqual(errors, []);
      assert.deepEqual(JSON.parse(logs[logs.length - 1] ?? 'null'), expected);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
