import { ReadOnlyStorageError } from '../../src/errors/storageErrors.ts';
import type { StorageAdapter, WriteData } from '../../src/storage/StorageAdapter.ts';
import { isUnderPrefix } from '../../src/storage/validateStoragePath.ts';
import type { S3Bucket } from './bucket.ts';
import type { PublishedTree } from './tree.ts';

/**
 * What `S3Storage.openTree` hands a load: the keys of one tree read from the one version its manifest
 * named when the load started (a later save cannot change what this view reads, only delete it, which
 * the load notices), every other key from the storage itself. Read-only.
 */
export class S3TreeView implements StorageAdapter {
  constructor(
    private readonly bucket: S3Bucket,
    private readonly tree: PublishedTree,
    private readonly base: StorageAdapter,
  ) {}

  private inTree(key: string): boolean {
    return key.startsWith(`${this.tree.prefix}/`);
  }

  async read(path: string): Promise<Uint8Array> {
    const key = this.bucket.checkKey(path);
    return this.inTree(key) ? this.bucket.readTreeFile(this.tree, key) : this.base.read(key);
  }

  async list(prefix: string): Promise<string[]> {
    const p = this.bucket.checkKey(prefix, true);
    const t = this.tree.prefix;
    if (!isUnderPrefix(p, t) && !isUnderPrefix(t, p)) return this.base.list(p);
    const mine = this.bucket.treeKeysUnder(this.tree, p);
    const others = isUnderPrefix(t, p) && p !== t ? (await this.base.list(p)).filter((k) => !isUnderPrefix(k, t)) : [];
    return [...new Set([...mine, ...others])].sort();
  }

  async write(path: string, _data: WriteData): Promise<void> {
    throw new ReadOnlyStorageError("a load's pinned view of an S3 tree", 'write', path);
  }

  async delete(prefix: string): Promise<void> {
    throw new ReadOnlyStorageError("a load's pinned view of an S3 tree", 'delete', prefix);
  }
}
