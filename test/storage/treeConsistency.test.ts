/**
 * The tree publisher's rules, in one process: a load never changes storage (not even to roll back a
 * crash), a partial save publishes one version that keeps the files it does not rewrite, saves of one
 * dump are serialized by its lock (a dead writer's lock is broken, a live one waited for, then a typed
 * ConcurrentSaveError), and a half-renamed crashSafe: false save is refused with a typed error.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ExecutionContext,
  FileSystemStorage,
  hasErrorCode,
  MemoryStorage,
  type NDArray,
  type Pipeline,
  type StorageAdapter,
} from 'ferryml';
import { type Versioned, versionedPipeline } from '../saving/crash/versioned.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-tree-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
async function savedRoot(version = 1): Promise<string> {
  const root = join(tmp, `r${n++}`);
  await versionedPipeline(version).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
  return root;
}

/** Versions of each step, in order a, b, c (the weights must agree with their step). */
async function stepVersions(storage: StorageAdapter): Promise<number[]> {
  const p = (await new ExecutionContext(storage).load('dump')) as Pipeline;
  return (p.steps as Versioned[]).map((s) => {
    for (const w of (s.weights as NDArray).data as Float64Array) assert.equal(w, s.version, `step ${s.name}`);
    return s.version;
  });
}

/** Every path under `root` with its size and mtime: what a load must not change. */
function snapshot(root: string): string[] {
  return readdirSync(root, { recursive: true })
    .map(String)
    .sort()
    .map((p) => {
      const s = statSync(join(root, p));
      return `${p} ${s.size} ${s.mtimeMs} ${s.ino}`;
    });
}

describe('loads', () => {
  it('never change storage: after a crash between the two renames of a publish, read the retired copy without moving it', async () => {
    const root = await savedRoot();
    const { renameSync } = await import('node:fs');
    renameSync(join(root, 'dump'), join(root, '.dump.ferry-retired-0123456789ab'));
    mkdirSync(join(root, '.dump.ferry-staging-abc/a'), { recursive: true });
    writeFileSync(join(root, '.dump.ferry-staging-abc/a/a.ferry'), 'partial');
    const before = snapshot(root);
    assert.deepEqual(await stepVersions(new FileSystemStorage(root)), [1, 1, 1]);
    assert.deepEqual(snapshot(root), before, 'the load moved and removed nothing');
    // The next save rolls back and cleans up.
    await versionedPipeline(2).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
    assert.deepEqual(readdirSync(root), ['dump']);
    assert.deepEqual(await stepVersions(new FileSystemStorage(root)), [2, 2, 2]);
  });

  it('a crashSafe: false save interrupted while renaming is a ConcurrentSaveError until the next save', async () => {
    const root = await savedRoot();
    writeFileSync(join(root, 'dump/.ferry-generation'), 'busy 0123456789abcdef01234567\n');
    const error = await stepVersions(new FileSystemStorage(root)).then(
      () => assert.fail('loaded'),
      (e: unknown) => e,
    );
    assert.ok(hasErrorCode(error, 'FERRY_CONCURRENT_SAVE'), String(error));
    await versionedPipeline(2).save(new ExecutionContext(new FileSystemStorage(root)), { crashSafe: false });
    assert.deepEqual(await stepVersions(new FileSystemStorage(root)), [2, 2, 2]);
  });
});

describe('partial (default) saves', () => {
  for (const [label, make] of [
    ['FileSystemStorage', (root: string) => new FileSystemStorage(root)],
    ['MemoryStorage', () => new MemoryStorage()],
  ] as const) {
    it(`publish one new version that keeps the files of steps not rewritten (${label})`, async () => {
      const storage = make(join(tmp, `r${n++}`));
      await versionedPipeline(1).save(new ExecutionContext(storage), { fullDump: true });
      const p = (await new ExecutionContext(storage).load('dump')) as Pipeline;
      const a = p.steps[0] as Versioned;
      a.version = 2;
      ((a.weights as NDArray).data as Float64Array).fill(2);
      a.isInvalidated = true;
      const before = await storage.openTree?.('dump');
      await p.save(new ExecutionContext(storage));
      const after = await storage.openTree?.('dump');
      assert.deepEqual(await stepVersions(storage), [2, 1, 1]);
      assert.notEqual(after?.generation, before?.generation, 'a new generation');
    });
  }
});

it('a durable partial save fsyncs the files it carries over from the previous version, not only those it writes', async () => {
  const ops: string[] = [];
  const root = join(tmp, `r${n++}`);
  const storage = new FileSystemStorage(root, {
    beforeOperation: (op, path) => ops.push(`${op} ${path.slice(root.length)}`),
  });
  await versionedPipeline(1).save(new ExecutionContext(storage), { fullDump: true });
  const p = (await new ExecutionContext(storage).load('dump')) as Pipeline;
  p.steps[0].isInvalidated = true;
  ops.length = 0;
  await p.save(new ExecutionContext(storage), { durable: true });
  const linked = ops.filter((o) => o.startsWith('link ')).map((o) => o.slice(5));
  assert.ok(
    linked.some((f) => f.endsWith('/b/b.ferry')),
    `carried over: ${linked.join(', ')}`,
  );
  for (const f of linked) assert.ok(ops.includes(`fsync ${f}`), `${f} fsynced`);
  assert.deepEqual(await stepVersions(storage), [1, 1, 1]);
});

describe('concurrent writers in one process', () => {
  it('two saves of one dump at once are serialized by its lock: both complete, one complete version wins', async () => {
    const root = await savedRoot();
    const saves = [2, 3, 4, 5].map((v) =>
      versionedPipeline(v).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: v % 2 === 0 }),
    );
    await Promise.all(saves);
    const versions = await stepVersions(new FileSystemStorage(root));
    assert.equal(new Set(versions).size, 1);
    assert.ok([2, 3, 4, 5].includes(versions[0]));
    assert.deepEqual(readdirSync(root), ['dump'], 'no lock or staging left');
  });

  it('a lock whose writer is gone (same host, no such pid) is broken at once', async () => {
    const root = await savedRoot();
    writeFileSync(join(root, '.dump.ferry-lock'), `0123456789abcdef ${hostname()}:2147483646\n`);
    const start = performance.now();
    await versionedPipeline(2).save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
    assert.ok(performance.now() - start < 5000, 'no wait for the 10 s stale period');
    assert.deepEqual(await stepVersions(new FileSystemStorage(root)), [2, 2, 2]);
    assert.deepEqual(readdirSync(root), ['dump']);
  });

  it('a live lock is waited for, then a ConcurrentSaveError; the same lock left unrefreshed past lockStaleMs is broken', async () => {
    const root = await savedRoot();
    const lock = join(root, '.dump.ferry-lock');
    writeFileSync(lock, `0123456789abcdef ${hostname()}:${process.ppid}\n`);
    const storage = new FileSystemStorage(root, { lockWaitMs: 300, lockStaleMs: 5_000 });
    const error = await versionedPipeline(2)
      .save(new ExecutionContext(storage), { fullDump: true })
      .then(
        () => assert.fail('saved through a live lock'),
        (e: unknown) => e,
      );
    assert.ok(hasErrorCode(error, 'FERRY_CONCURRENT_SAVE'), String(error));
    assert.deepEqual(await stepVersions(storage), [1, 1, 1], 'the loser wrote nothing');
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    await versionedPipeline(3).save(new ExecutionContext(storage), { fullDump: true });
    assert.deepEqual(await stepVersions(storage), [3, 3, 3]);
  });
});
