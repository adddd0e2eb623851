/**
 * Every save mode under a SIGKILL before each of its file-system operations in turn: the crash-safe
 * modes (full, default, durable) always leave the old or the new dump; `crashSafe: false` leaves the
 * old one, the new one, or — killed while renaming — a dump that loads refuse with a typed
 * ConcurrentSaveError, never a silent mixture. The next save always cleans up.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import {
  ExecutionContext,
  FileSystemStorage,
  hasErrorCode,
  type NDArray,
  type Pipeline,
  type SaveOptions,
} from 'ferryml';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { bundleScript, distImport } from '../runtimes/bundle.ts';
import { type Versioned, versionedPipeline } from '../saving/crash/versioned.ts';

/** The child, bundled against the built package: a tsx start per kill point would cost a second each. */
async function childScript(): Promise<string> {
  await ensureBuilt();
  return bundleScript(
    'test/storage/crash/killedSave.ts',
    'killed-save.mjs',
    distImport(join(ROOT, 'dist'), 'node'),
    'node',
  );
}
const tmp = mkdtempSync(join(tmpdir(), 'ferry-modes-crash-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The version every step agrees on, or 'refused' for a typed ConcurrentSaveError; throws on a mixture. */
async function outcome(root: string): Promise<number | 'refused'> {
  let p: Pipeline;
  try {
    p = (await new ExecutionContext(new FileSystemStorage(root)).load('dump')) as Pipeline;
  } catch (error) {
    if (hasErrorCode(error, 'FERRY_CONCURRENT_SAVE')) return 'refused';
    throw error;
  }
  const versions = new Set<number>();
  for (const s of p.steps as Versioned[]) {
    versions.add(s.version);
    for (const w of (s.weights as NDArray).data as Float64Array) versions.add(w);
  }
  assert.equal(versions.size, 1, `mixture of versions ${[...versions].join(', ')}`);
  return [...versions][0];
}

const MODES: [string, SaveOptions, readonly (number | 'refused')[]][] = [
  ['default (partial) save', {}, [1, 2]],
  ['durable full dump', { fullDump: true, durable: true }, [1, 2]],
  ['crashSafe: false', { fullDump: true, crashSafe: false }, [1, 2, 'refused']],
];

for (const [label, options, allowed] of MODES) {
  it(`${label}: a SIGKILL before each file-system operation leaves ${allowed.join(' or ')}`, async () => {
    const template = join(tmp, 'template');
    rmSync(template, { recursive: true, force: true });
    await versionedPipeline(1).save(new ExecutionContext(new FileSystemStorage(template)), { fullDump: true });
    const child = await childScript();
    const json = JSON.stringify(options);
    const probe = join(tmp, 'probe');
    cpSync(template, probe, { recursive: true });
    const total = Number(execFileSync(process.execPath, [child, probe, '-1', '2', json], { encoding: 'utf8' }));
    rmSync(probe, { recursive: true, force: true });
    const seen = new Map<number | 'refused', number>();
    for (let k = 0; k <= total; k++) {
      const root = join(tmp, `kill-${k}`);
      cpSync(template, root, { recursive: true });
      const run = spawnSync(process.execPath, [child, root, String(k), '2', json], { encoding: 'utf8' });
      if (k < total) assert.equal(run.signal, 'SIGKILL', `killed before operation ${k}: ${run.stderr}`);
      const result = await outcome(root);
      assert.ok(allowed.includes(result), `after a kill at ${k}: ${result}`);
      seen.set(result, (seen.get(result) ?? 0) + 1);
      await versionedPipeline(3).save(new ExecutionContext(new FileSystemStorage(root)), options);
      assert.equal(await outcome(root), 3, `the next save after a kill at ${k}`);
      assert.deepEqual(readdirSync(root), ['dump'], `leftovers after a kill at ${k}`);
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`${label}: ${total + 1} kill points → ${[...seen].map(([v, n]) => `${v}: ${n}`).join(', ')}`);
    assert.ok(seen.has(1) && seen.has(2), 'kills landed both before and after the publish');
  });
}
