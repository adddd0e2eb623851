import { NotFoundError } from '../src/errors/index.ts';
import {
  concatWriteData,
  type StorageAdapter,
  type TreeSnapshot,
  type TreeWriteOptions,
  type WriteData,
} from '../src/storage/StorageAdapter.ts';
import { treeEntries } from '../src/storage/treePublisher.ts';
import { isUnderPrefix, validateStoragePath } from '../src/storage/validateStoragePath.ts';

/**
 * Keeps every key in a Map, in memory. Writes copy the bytes in (so later changes to the caller's
 * buffer do not show), reads return the stored bytes. Works in every runtime.
 */
export class MemoryStorage implements StorageAdapter {
  private readonly entries = new Map<string, Uint8Array>();
  /** Per tree prefix, how many times writeTree replaced it (a load's generation). */
  private readonly generations = new Map<string, number>();

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    const bytes = this.entries.get(key);
    if (!bytes) throw new NotFoundError(key, 'MemoryStorage');
    return bytes;
  }

  async write(path: string, data: WriteData): Promise<void> {
    const key = validateStoragePath(path);
    // concatWriteData returns the caller's own buffer for a single chunk: copy it then.
    const single = data instanceof Uint8Array || data.length === 1;
    const joined = concatWriteData(data);
    this.entries.set(key, single ? joined.slice() : joined);
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    return [...this.entries.keys()].filter((k) => isUnderPrefix(k, p)).sort();
  }

  /**
   * Replaces (or, in `update` mode, updates) the tree under `prefix` in one synchronous step and bumps
   * its generation, so a load that awaits between its reads notices and starts again.
   */
  async writeTree(
    prefix: string,
    files: ReadonlyMap<string, WriteData>,
    options: TreeWriteOptions = {},
  ): Promise<void> {
    const { prefix: p, entries } = treeEntries(prefix, files);
    const copies = new Map(entries.map(([k, , data]) => [k, concatWriteData(data).slice()] as const));
    if (options.mode !== 'update') {
      for (const k of [...this.entries.keys()]) if (isUnderPrefix(k, p)) this.entries.delete(k);
    }
    for (const [k, v] of copies) this.entries.set(k, v);
    this.generations.set(p, (this.generations.get(p) ?? 0) + 1);
  }

  /** The tree under `prefix` as it is now, with its generation. */
  async openTree(prefix: string): Promise<TreeSnapshot> {
    const p = validateStoragePath(prefix);
    return { storage: this, generation: String(this.generations.get(p) ?? 0), state: 'complete' };
  }

  async delete(prefix: string): Promise<void> {
    const p = validateStoragePath(prefix, true);
    for (const k of [...this.entries.keys()]) if (isUnderPrefix(k, p)) this.entries.delete(k);
  }
}
