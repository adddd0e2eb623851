import { CorruptDumpError, NotFoundError } from '../src/errors/index.ts';
import { ReadOnlyStorageError } from '../src/errors/storageErrors.ts';
import { loadKernels } from '../src/kernels/loadKernels.ts';
import { type PackIndex, readPackIndex } from '../src/pack/readPackIndex.ts';
import { wasmXxh64 } from '../src/saving/format/xxhash64.ts';
import type { StorageAdapter, WriteData } from '../src/storage/StorageAdapter.ts';
import { isUnderPrefix, validateStoragePath } from '../src/storage/validateStoragePath.ts';

/**
 * A read-only storage over a single-file pack (see `pack()`), e.g. bundled into an edge function or
 * fetched once. Reads return views into the pack's bytes (no copy), so tensors keep their 8-byte
 * alignment when the pack sits in an aligned buffer; each entry's checksum is verified on its first read.
 */
export class PackStorage implements StorageAdapter {
  private index: PackIndex | undefined;
  private readonly verified = new Set<string>();

  constructor(
    private readonly bytes: Uint8Array,
    /** Name used in error messages. */
    readonly file = 'pack',
  ) {}

  private async open(): Promise<PackIndex> {
    if (!this.index) this.index = readPackIndex(this.bytes, this.file, wasmXxh64(await loadKernels()));
    return this.index;
  }

  /** Name of the dump the pack holds. */
  async root(): Promise<string> {
    return (await this.open()).root;
  }

  async read(path: string): Promise<Uint8Array> {
    const key = validateStoragePath(path);
    const index = await this.open();
    const entry = index.entries.get(key);
    if (!entry) throw new NotFoundError(key, `not in ${this.file}`);
    const start = index.dataStart + entry.offset;
    const view = this.bytes.subarray(start, start + entry.length);
    if (!this.verified.has(key)) {
      if (wasmXxh64(await loadKernels()).hash([view]) !== entry.checksum) {
        throw new CorruptDumpError(this.file, start, `entry ${key}: checksum mismatch`);
      }
      this.verified.add(key);
    }
    return view;
  }

  async list(prefix: string): Promise<string[]> {
    const p = validateStoragePath(prefix, true);
    return [...(await this.open()).entries.keys()].filter((k) => isUnderPrefix(k, p)).sort();
  }

  async write(path: string, _data?: WriteData): Promise<void> {
    throw new ReadOnlyStorageError('PackStorage', 'write', path);
  }

  async delete(prefix: string): Promise<void> {
    throw new ReadOnlyStorageError('PackStorage', 'delete', prefix);
  }
}
