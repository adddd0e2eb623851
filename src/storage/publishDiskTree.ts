import { typedDiskError } from './diskErrors.ts';
import { type TreeWriteOptions, writeDataLength } from './StorageAdapter.ts';
import type { TreeLockOptions } from './treeLock.ts';
import { publishTree, type TreeEntry, type TreeFileSystem, type TreePlace } from './treePublisher.ts';

/** What a disk adapter adds to {@link publishTree}: its name for errors, its lock settings, a check before writing. */
export interface DiskTreeAdapter {
  /** e.g. `FileSystemStorage(/data/models)`, named by a `StorageQuotaError` or `InvalidPathError`. */
  readonly label: string;
  readonly lock: TreeLockOptions;
  /** Runs first, inside the same error typing (the adapters refuse a symlinked folder here). */
  readonly beforePublish?: () => void | Promise<void>;
}

/**
 * `writeTree` of the disk adapters (node:fs, Deno, Bun): {@link publishTree} on the runtime's primitives with the
 * adapter's lock settings, an OS error (`ENOSPC`, `EDQUOT`, `ENAMETOOLONG`, `ELOOP`) becoming its typed error.
 */
export async function publishDiskTree(
  fs: TreeFileSystem,
  place: TreePlace,
  entries: readonly TreeEntry[],
  options: TreeWriteOptions,
  adapter: DiskTreeAdapter,
): Promise<void> {
  try {
    await adapter.beforePublish?.();
    await publishTree(fs, place, entries, {
      ...options,
      lockStaleMs: adapter.lock.lockStaleMs,
      lockWaitMs: adapter.lock.lockWaitMs,
    });
  } catch (error) {
    const bytes = entries.reduce((n, [, , d]) => n + writeDataLength(d), 0);
    throw typedDiskError(error, adapter.label, place.key, bytes);
  }
}
