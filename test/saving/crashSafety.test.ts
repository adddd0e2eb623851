/**
 * A process killed (SIGKILL) at every point of a full-dump save leaves the previous dump or the new
 * one, loadable, never a mixture; the next save cleans up after it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExecutionContext, FileSystemStorage, type NDArray, type Pipeline } from 'ferryml';
import { type Versioned, versionedPipeline } from './crash/crashingSave.ts';

const child = fileURLToPath(new URL('./crash/crashingSave.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ferry-crash-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The version every step of the loaded dump agrees on; fails on a mixture. */
async function loadedVersion(root: string): Promise<number> {
  const p = (await new ExecutionContext(new FileSystemStorage(root)).load('dump')) as Pipeline;
  const versions = new Set<number>();
  for (const s of p.steps as Versioned[]) {
    versions.add(s.version);
    for (const w of (s.weights as NDArray).data as Float64Array) versions.add(w);
  }
  assert.equal(versions.size, 1, `mixture of versions ${[...versions].join(', ')}`);
  return [...versions][0];
}

it('SIGKILL at every file-system operation of a save leaves the old or the new dump', async () => {
  const template = join(tmp, 'template');
  await versionedPipeline(1).save(new ExecutionContext(new FileSystemStorage(template)), { fullDump: true });
  assert.equal(await loadedVersion(template), 1);

  const probe = join(tmp, 'probe');
  cpSync(template, probe, { recursive: true });
  const total = Number(
    execFileSync(process.execPath, ['--import', 'tsx', child, probe, '-1', '2'], { encoding: 'utf8' }),
  );
  assert.ok(total > 8, `a save takes ${total} operations`);
  assert.equal(await loadedVersion(probe), 2);

  const seen = new Set<number>();
  for (let k = 0; k <= total; k++) {
    const root = join(tmp, `kill-${k}`);
    cpSync(template, root, { recursive: true });
    const run = spawnSync(process.execPath, ['--import', 'tsx', child, root, String(k), '2'], { encoding: 'utf8' });
    if (k < total) assert.equal(run.signal, 'SIGKILL', `killed before operation ${k}: ${run.stderr}`);
    const version = await loadedVersion(root);
    assert.ok(version === 1 || version === 2, `after a kill at ${k}`);
    seen.add(version);
    // The next save succeeds and leaves no staging or retired folder behind.
    await versionedPipeline(3).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
    assert.equal(await loadedVersion(root), 3);
    assert.deepEqual(readdirSync(root), ['dump'], `leftovers after a kill at ${k}`);
    rmSync(root, { recursive: true, force: true });
  }
  assert.deepEqual([...seen].sort(), [1, 2], 'kills landed both before and after the publish');
});
