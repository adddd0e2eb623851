/**
 * The interleavings behind the lost dumps and raw errors of the Deno concurrency test, made deterministic
 * in one process: a step of one writer is held (a stalled process) while another writer runs.
 *
 * 1. Two waiters judge the same abandoned lock; one breaks it and takes a fresh lock; the other, stalled
 *    between its judgement and its rename, must not break that fresh lock (before the fix it did, and two
 *    writers then saved at once: in Deno each await is such a gap, so it happened under load).
 * 2. A writer stalls past lockStaleMs after its last lock check, just before publishing; another takes the
 *    lock, cleans up and publishes; the stalled writer wakes: it must publish nothing, take nothing away and
 *    fail with a typed ConcurrentSaveError (before the fix it moved the other's tree aside, found its own
 *    staging folder gone, and removed that tree: a lost dump).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeTreeFileSystem, syncFolderSync } from '../../adapters/fs.ts';
import { acquireTreeLock, LOCK_MARK } from '../../src/storage/treeLock.ts';
import {
  publishTree,
  RETIRED_MARK,
  type TreeEntry,
  type TreeFileSystem,
  type TreePlace,
} from '../../src/storage/treePublisher.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ferry-takeover-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** node:fs as the tree primitives (what FileSystemStorage uses), without its crash hook. */
function diskFs(): TreeFileSystem {
  return nodeTreeFileSystem(
    () => undefined,
    (path, data) => {
      mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
      writeFileSync(path, data instanceof Uint8Array ? data : Buffer.concat(data));
    },
    syncFolderSync,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const STALE_MS = 150;

function tree(version: number): TreeEntry[] {
  const bytes = new TextEncoder().encode(`version ${version}\n`);
  return [
    ['dump/a.bin', 'a.bin', bytes],
    ['dump/sub/b.bin', 'sub/b.bin', bytes],
  ];
}

/** The versions the dump's files hold now; throws when the dump is gone (a lost dump). */
function versionsIn(root: string): string[] {
  return ['a.bin', 'sub/b.bin'].map((f) => readFileSync(join(root, 'dump', f), 'utf8').trim());
}

/** A dump at version 1, and a writer of version 2 (`save`) that stalls where `stallAt` says. */
interface StalledWriter {
  readonly root: string;
  readonly place: TreePlace;
  readonly disk: TreeFileSystem;
  readonly save: Promise<void>;
  /** The other writer's save of version 3, once the stall started it. */
  other(): Promise<void> | undefined;
}

/**
 * `stallAt` wraps the stalled writer's file system and calls `stall()` at the point it stalls: the first call
 * publishes version 3 through another writer, with the stalled writer's lock left unrefreshed until `stall()`
 * returns (a process that does not run refreshes nothing); later calls return at once.
 */
async function stalledWriter(
  stallAt: (disk: TreeFileSystem, root: string, stall: (settleMs?: number) => Promise<void>) => Partial<TreeFileSystem>,
): Promise<StalledWriter> {
  const root = join(tmp, `r${n++}`);
  const place: TreePlace = { folder: root, base: 'dump', key: 'dump' };
  const disk = diskFs();
  await publishTree(disk, place, tree(1), {});
  let stalled = false;
  let other: Promise<void> | undefined;
  const stall = async (settleMs?: number) => {
    if (other !== undefined) return;
    stalled = true;
    other = publishTree(disk, place, tree(3), { lockStaleMs: STALE_MS, lockWaitMs: 5_000 });
    await other;
    if (settleMs !== undefined) await sleep(settleMs);
    stalled = false;
  };
  const slow: TreeFileSystem = {
    ...disk,
    touch: (path) => (stalled ? undefined : disk.touch(path)),
    ...stallAt(disk, root, stall),
  };
  const save = publishTree(slow, place, tree(2), { lockStaleMs: STALE_MS, lockWaitMs: 5_000 });
  return { root, place, disk, save, other: () => other };
}

describe('a writer lock taken over while its holder or a waiter stalls', () => {
  it('a waiter stalled between judging a lock abandoned and breaking it does not break the fresh lock taken meanwhile', async () => {
    const root = join(tmp, `r${n++}`);
    mkdirSync(root, { recursive: true });
    const lockPath = `${root}/.dump${LOCK_MARK}`;
    // An abandoned lock of a writer on another host (its liveness cannot be checked: the stale rule applies).
    writeFileSync(lockPath, '00000000deadbeef otherhost:1\n');
    const past = new Date(Date.now() - 10 * STALE_MS);
    utimesSync(lockPath, past, past);

    const disk = diskFs();
    let fresh: Awaited<ReturnType<typeof acquireTreeLock>> | undefined;
    let stalls = 0;
    // The stalled waiter: right before its rename of the lock, the other waiter breaks it and takes a fresh one.
    const stalled: TreeFileSystem = {
      ...disk,
      renameIfExists: async (from, to) => {
        if (from === lockPath && to.endsWith('.stale') && stalls++ === 0) {
          fresh = await acquireTreeLock(disk, lockPath, 'dump', { lockStaleMs: STALE_MS, lockWaitMs: 5_000 });
        }
        return disk.renameIfExists(from, to);
      },
    };
    const waiter = acquireTreeLock(stalled, lockPath, 'dump', { lockStaleMs: STALE_MS, lockWaitMs: 2 * STALE_MS });
    await assert.rejects(waiter, (e: { code?: string }) => e.code === 'FERRY_CONCURRENT_SAVE');
    assert.equal(stalls >= 1, true, 'the stalled waiter reached its rename of the lock');
    assert.ok(fresh, 'the other waiter took the lock');
    assert.equal(await fresh.stillHeld(), true, 'the fresh lock is still its holder’s');
    await fresh.release();
    assert.deepEqual(readdirSync(root), [], 'nothing left beside the dump');
  });

  it('a writer stalled past lockStaleMs just before publishing publishes nothing, removes nothing and gets a ConcurrentSaveError', async () => {
    const { root, place, disk, save, other } = await stalledWriter((disk, root, stall) => ({
      renameIfExists: async (from, to) => {
        if (from === `${root}/dump` && to.includes(RETIRED_MARK)) await stall();
        return disk.renameIfExists(from, to);
      },
    }));
    await assert.rejects(save, (e: { code?: string; message?: string }) => e.code === 'FERRY_CONCURRENT_SAVE');
    assert.ok(other(), 'the other writer ran while this one stalled');
    await other();
    assert.deepEqual(versionsIn(root), ['version 3', 'version 3'], 'the other writer’s version is in place');
    // The next save cleans up whatever the stalled writer left.
    await publishTree(disk, place, tree(4), { lockStaleMs: STALE_MS });
    assert.deepEqual(versionsIn(root), ['version 4', 'version 4']);
    assert.deepEqual(readdirSync(root), ['dump'], 'leftovers after the next save');
  });

  it('a writer stalled past lockStaleMs while staging finds its staging folder moved away and gets a ConcurrentSaveError', async () => {
    const { root, place, disk, save, other } = await stalledWriter((disk, _root, stall) => ({
      writeNewFile: async (path, data, durable) => {
        await disk.writeNewFile(path, data, durable);
        if (path.endsWith('/a.bin')) await stall(1);
      },
    }));
    await assert.rejects(save, (e: { code?: string }) => e.code === 'FERRY_CONCURRENT_SAVE');
    await other();
    assert.deepEqual(versionsIn(root), ['version 3', 'version 3']);
    await publishTree(disk, place, tree(4), { lockStaleMs: STALE_MS });
    assert.deepEqual(readdirSync(root), ['dump'], 'leftovers after the next save');
  });
});
