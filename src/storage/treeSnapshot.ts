import { NotFoundError } from '../errors/index.ts';
import { ReadOnlyStorageError } from '../errors/storageErrors.ts';
import type { StorageAdapter, TreeSnapshot, WriteData } from './StorageAdapter.ts';
import type { TreeLockOptions } from './treeLock.ts';
import { isPublisherName, readTreeState, type TreeFileSystem } from './treePublisher.ts';
import { isUnderPrefix, validateStoragePath } from './validateStoragePath.ts';

/**
 * A read-only view that reads the keys under `prefix` from another folder `dir` (the retired copy a crash
 * between a publish's two renames left) and every other key from `base`.
 */
class RedirectedTreeView implements StorageAdapter {
  constructor(
    private readonly base: StorageAdapter,
    private readonly fs: TreeFileSystem,
    private readonly prefix: string,
    private readonly dir: string,
  ) {}

  private fileOf(key: string): string | undefined {
    return isUnderPrefix(key, this.prefix) && key !== this.prefix
      ? `${this.dir}/${key.slice(this.prefix.length + 1)}`
      : undefined;
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    const file = this.fileOf(key);
    if (file === undefined) return this.base.read(key);
    const bytes = await this.fs.readFile(file);
    if (bytes === undefined) throw new NotFoundError(key, `no file ${file}`);
    return bytes;
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    if (!isUnderPrefix(p, this.prefix) && !isUnderPrefix(this.prefix, p)) return this.base.list(p);
    const mine = (await this.fs.listTree(this.dir))
      .filter((r) => !isPublisherName(r))
      .map((r) => `${this.prefix}/${r}`)
      .filter((k) => isUnderPrefix(k, p));
    const others = isUnderPrefix(this.prefix, p)
      ? (await this.base.list(p)).filter((k) => !isUnderPrefix(k, this.prefix))
      : [];
    return [...mine, ...others].sort();
  }

  async write(path: string, _data: WriteData): Promise<void> {
    throw new ReadOnlyStorageError("a load's pinned view", 'write', path);
  }

  async delete(prefix: string): Promise<void> {
    throw new ReadOnlyStorageError("a load's pinned view", 'delete', prefix);
  }
}

/**
 * `openTree` of a disk adapter: reads the tree's state without changing anything, and reads through
 * the adapter itself, or through a view of the retired copy when a crash left no tree in place.
 */
export async function openDiskTree(
  adapter: StorageAdapter,
  fs: TreeFileSystem,
  prefix: string,
  target: string,
  options: TreeLockOptions,
): Promise<TreeSnapshot> {
  const cut = target.lastIndexOf('/');
  const state = await readTreeState(fs, target.slice(0, cut), target.slice(cut + 1), options);
  if (state.dir === target) return { storage: adapter, generation: state.generation, state: state.state };
  // Read from the retired copy: a generation of its own, since the next save moves it back (its reads then fail).
  const storage = new RedirectedTreeView(adapter, fs, prefix, state.dir);
  return { storage, generation: `${state.generation ?? ''} in ${state.dir}`, state: state.state };
}
