import { CorruptDumpError, NotFoundError } from '../src/errors/index.ts';
import { ReadOnlyStorageError } from '../src/errors/storageErrors.ts';
import { loadKernels } from '../src/kernels/loadKernels.ts';
import { type PackIndex, readPackIndex } from '../src/pack/readPackIndex.ts';
import { wasmXxh64 } from '../src/saving/format/xxhash64.ts';
import type { StorageAdapter, WriteData } from '../src/storage/StorageAdapter.ts';
import { isUnderPrefix, validateStoragePath } from '../src/storage/validateStoragePath.ts';

/** Entries that carry checksums of their own over every byte (`.ferry` files). */
const SELF_CHECKED_SUFFIX = '.ferry';

/**
 * A read-only storage over a single-file pack (see `pack()`), e.g. bundled into an edge function or
 * fetched once. Reads return views into the pack's bytes (no copy), so tensors keep their 8-byte
 * alignment when the pack sits in an aligned buffer.
 *
 * Each byte is verified once: an entry's checksum is checked on its first read, except for `.ferry` entries, whose
 * every byte is covered by the file's own checksums (preamble and header, each payload), which every Ferry reader
 * verifies as it decodes; hashing them here too would read every weight twice. {@link PackStorage.verifyEntries}
 * checks every entry's pack checksum, `.ferry` files included (`ferry verify` does both).
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
    if (!this.verified.has(key) && !key.endsWith(SELF_CHECKED_SUFFIX)) await this.verifyEntry(key);
    return view;
  }

  /** Checks every entry against its pack checksum; the first mismatch is a {@link CorruptDumpError}. */
  async verifyEntries(): Promise<number> {
    const index = await this.open();
    for (const key of index.entries.keys()) if (!this.verified.has(key)) await this.verifyEntry(key);
    return index.entries.size;
  }

  private async verifyEntry(key: string): Promise<void> {
    const index = await this.open();
    const entry = index.entries.get(key);
    if (!entry) throw new NotFoundError(key, `not in ${this.file}`);
    const start = index.dataStart + entry.offset;
    const view = this.bytes.subarray(start, start + entry.length);
    if (wasmXxh64(await loadKernels()).hash([view]) !== entry.checksum) {
      throw new CorruptDumpError(this.file, start, `entry ${key}: checksum mismatch`);
    }
    this.verified.add(key);
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
