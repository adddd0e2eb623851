import { ConcurrentSaveError } from '../errors/storageErrors.ts';

/** Marker in the name of a dump's writer lock file (`.<name>.ferry-lock`, beside the dump's folder). */
export const LOCK_MARK = '.ferry-lock';

/** How long writers wait for each other, and when a lock counts as abandoned. */
export interface TreeLockOptions {
  /**
   * A lock whose file was not refreshed for this long is abandoned (its writer died) and may be broken
   * (default 10 000 ms). The holder refreshes it at a quarter of this period.
   */
  readonly lockStaleMs?: number;
  /** How long a writer waits for another writer of the same dump before a `ConcurrentSaveError` (default 60 000 ms). */
  readonly lockWaitMs?: number;
}

export const DEFAULT_LOCK_STALE_MS = 10_000;
export const DEFAULT_LOCK_WAIT_MS = 60_000;

/** The file-system primitives the writer lock needs (absolute `/`-separated paths). */
export interface LockFileSystem {
  /** Creates `path` with `data` only when it does not exist; false when it exists. */
  createExclusive(path: string, data: Uint8Array): boolean | Promise<boolean>;
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Last modification time in ms since the epoch, or undefined when the file does not exist. */
  modifiedMs(path: string): number | undefined | Promise<number | undefined>;
  /** Sets the modification time to now. */
  touch(path: string): void | Promise<void>;
  renameIfExists(from: string, to: string): boolean | Promise<boolean>;
  /** Removes a file; a missing file is not an error. */
  removeFile(path: string): void | Promise<void>;
  /** Who this process is (`host:pid`), when the runtime can tell. */
  ownerId?(): string;
  /** Whether the owner named in a lock still runs: false only when it surely does not (same host, no such pid). */
  ownerAlive?(owner: string): boolean;
}

/** A held writer lock. */
export interface HeldTreeLock {
  /** Refreshes the lock file when a quarter of the stale period has passed since the last refresh. */
  refresh(): Promise<void>;
  /** True while the lock file is still this writer's (nobody broke it as stale). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

const text = new TextEncoder();
const untext = new TextDecoder();

/** The owner (`host:pid`) written in a lock file's bytes, if any. */
export function lockOwner(bytes: Uint8Array | undefined): string | undefined {
  return bytes ? untext.decode(bytes).trim().split(' ')[1] : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

/**
 * Breaks the lock judged abandoned from its bytes `judged`: renames the lock file to `aside` (of two
 * breakers only one gets it), then checks that what it moved is that lock. Between the judgement and
 * the rename another waiter may have broken it and taken a fresh one, or a stalled owner may have
 * refreshed it (with `staleMs`, the judgement was staleness): such a lock is put back under its name
 * with its own bytes (so its holder still holds it) unless a third writer took the name meanwhile; then
 * that holder finds its lock gone before publishing (`stillHeld`).
 */
async function breakLock(
  fs: LockFileSystem,
  lockPath: string,
  aside: string,
  judged: Uint8Array,
  staleMs: number | undefined,
): Promise<void> {
  if (!(await fs.renameIfExists(lockPath, aside))) return;
  const moved = await fs.readFile(aside);
  const movedAt = await fs.modifiedMs(aside);
  const same =
    moved !== undefined &&
    sameBytes(moved, judged) &&
    (staleMs === undefined || (movedAt !== undefined && Date.now() - movedAt > staleMs));
  if (!same && moved !== undefined) await fs.createExclusive(lockPath, moved);
  await fs.removeFile(aside);
}

/**
 * Takes the writer lock of one dump: the file `lockPath` created exclusively, holding a random token and
 * the owner. Waits (polling every 5–25 ms) while another writer holds it. A lock is broken when its
 * owner is known dead (same host, pid gone) or its file was not refreshed for `lockStaleMs`.
 * Breaking renames the file away first, so of two writers breaking the same stale lock only one does, and
 * puts back a lock that is not the one judged (see `breakLock`): the judgement and the rename are
 * separate steps, which other writers (and, in Deno, every await) may come between.
 */
export async function acquireTreeLock(
  fs: LockFileSystem,
  lockPath: string,
  key: string,
  options: TreeLockOptions = {},
): Promise<HeldTreeLock> {
  const staleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  const waitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const token = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  const owner = fs.ownerId?.() ?? 'unknown';
  const content = text.encode(`${token} ${owner}\n`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await fs.createExclusive(lockPath, content)) break;
    // The bytes first, then the time: a time read after the bytes belongs to that lock or a newer one, so
    // a lock created meanwhile is never judged by an older lock's time.
    const held = await fs.readFile(lockPath);
    const modified = held === undefined ? undefined : await fs.modifiedMs(lockPath);
    if (held !== undefined && modified !== undefined) {
      const heldOwner = lockOwner(held);
      const dead = heldOwner !== undefined && heldOwner !== owner && fs.ownerAlive?.(heldOwner) === false;
      if (dead || Date.now() - modified > staleMs) {
        await breakLock(fs, lockPath, `${lockPath}.${token}.stale`, held, dead ? undefined : staleMs);
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw new ConcurrentSaveError(
        key,
        `another save of this dump held its lock for more than ${waitMs} ms (${lockPath})`,
      );
    }
    await sleep(5 + Math.random() * 20);
  }
  let last = Date.now();
  const mine = async (): Promise<boolean> => {
    const held = await fs.readFile(lockPath);
    return held !== undefined && untext.decode(held).startsWith(`${token} `);
  };
  const refresh = async (): Promise<void> => {
    if (Date.now() - last < staleMs / 4) return;
    last = Date.now();
    await fs.touch(lockPath);
  };
  // A long write of one large file gives the explicit refreshes no chance: a timer covers it.
  const timer = setInterval(
    () => {
      refresh().catch(() => undefined);
    },
    Math.max(10, staleMs / 4),
  );
  (timer as { unref?: () => void }).unref?.();
  return {
    refresh,
    stillHeld: mine,
    release: async () => {
      clearInterval(timer);
      if (await mine()) await fs.removeFile(lockPath);
    },
  };
}
