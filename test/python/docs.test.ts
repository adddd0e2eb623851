/**
 * docs/python.md, run as written: train.py (scikit-learn, Debian's Python, the checkout's python/ package) writes
 * iris.ferrypack; worker.ts and config.capnp are built with the page's esbuild command against the built package
 * and served by workerd; the page's curl request gets the answer its comment states, which is scikit-learn's. The
 * page's other Python examples print what their comments say.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { docBlocks, docCommand, docFile } from '../consumer/docBlocks.ts';
import { post, requireEdgeRuntime, startWorkerd } from '../edge/servers.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { pythonUnavailable, runPython } from './pythonEnv.ts';

const PAGE = 'docs/python.md';
const skip = pythonUnavailable ?? false;
let dir = '';

/** The text after `# ` on the last line of a block: what the page says the block prints. */
function promised(code: string): string {
  const last = code.trim().split('\n').pop() ?? '';
  const m = /#\s*(.+)$/.exec(last);
  assert.ok(m, `no output comment on: ${last}`);
  return m[1].trim();
}

/** Runs a Python block of the page in the project folder; returns its last output line. */
function runBlock(name: string): string {
  writeFileSync(join(dir, name), docFile(PAGE, name));
  return runPython([name], { cwd: dir }).trim().split('\n').pop() ?? '';
}

before(async () => {
  if (pythonUnavailable) return;
  await ensureBuilt();
  // Outside the checkout, so that esbuild sees no tsconfig of this repository (its paths map ferryml to src/).
  dir = mkdtempSync(join(tmpdir(), 'ferry-python-doc-'));
  // The project's `npm install ferryml`: the built checkout (its exports map to dist/).
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'ferryml'), 'dir');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('train.py fits and exports the pack, printing what its comment says', { skip }, () => {
  assert.equal(runBlock('train.py'), promised(docFile(PAGE, 'train.py')));
});

it('the worker, built and served as the page says, answers the curl request as scikit-learn does', {
  skip,
}, async (t) => {
  if (!requireEdgeRuntime(t, 'workerd')) return;
  writeFileSync(join(dir, 'worker.ts'), docFile(PAGE, 'worker.ts'));
  writeFileSync(join(dir, 'config.capnp'), docFile(PAGE, 'config.capnp'));
  execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), docCommand(PAGE, 'npx esbuild'), { cwd: dir, stdio: 'pipe' });
  const curl = docBlocks(PAGE)
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.code.split('\n'))
    .find((l) => l.startsWith('curl -X POST'));
  assert.ok(curl, 'the page has a curl request');
  const body = /-d '([^']+)'/.exec(curl)?.[1] as string;
  const server = await startWorkerd(join(dir, 'config.capnp'));
  try {
    const answer = await post(`${server.url}/predict`, body);
    assert.equal(answer.status, 200, answer.text + server.stderr());
    assert.deepEqual(JSON.parse(answer.text), JSON.parse(promised(curl)));
    // The comment is scikit-learn's answer: train.py printed the same labels for the same rows.
    assert.deepEqual(JSON.parse(answer.text).predictions, JSON.parse(promised(docFile(PAGE, 'train.py'))));
  } finally {
    await server.stop();
  }
});

it('score.py and inspect_dump.py print what their comments say', { skip }, () => {
  assert.equal(runBlock('score.py'), promised(docFile(PAGE, 'score.py')));
  assert.equal(runBlock('inspect_dump.py'), promised(docFile(PAGE, 'inspect_dump.py')));
});
