/** Bytes to write: one buffer, or several written back to back without concatenating them first. */
export type WriteData = Uint8Array | readonly Uint8Array[];

/**
 * The one seam between Ferry and where bytes live. Paths are POSIX-style keys relative to the
 * adapter's root (`pipeline/child/child.ferry`); `..`, absolute paths, empty segments and NUL are
 * rejected with an `InvalidPathError` (see {@link validateStoragePath}).
 */
export interface StorageAdapter {
  /** Reads a whole key; `NotFoundError` when it does not exist. */
  read(path: string): Promise<Uint8Array>;
  /** Writes a whole key atomically: readers see the old bytes or the new ones, never a part. */
  write(path: string, data: WriteData): Promise<void>;
  /** Every key under `prefix` (a folder-like prefix; `''` lists everything), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes the key `prefix` and every key under `prefix/`; missing keys are not an error. */
  delete(prefix: string): Promise<void>;
  /**
   * Optional: writes a dump's tree under `prefix` as one version: a process killed at any point, a full
   * disk or another writer leaves the previous version or the new one, never a mixture, and readers
   * using {@link openTree} never see a mixture either. Saves use it when the adapter has it. In
   * `replace` mode (full dumps) the tree becomes exactly `files`; in `update` mode the current tree's
   * other files are kept. See {@link TreeWriteOptions} and docs/storage.md.
   */
  writeTree?(prefix: string, files: ReadonlyMap<string, WriteData>, options?: TreeWriteOptions): Promise<void>;
  /**
   * Optional: pins a load to one version of the tree under `prefix`, without changing storage. Loads read
   * the tree through `storage`, then call `openTree` again and start over when the generation changed.
   */
  openTree?(prefix: string): Promise<TreeSnapshot>;
}

/** How {@link StorageAdapter.writeTree} writes a tree. */
export interface TreeWriteOptions {
  /** `replace` (default): the tree becomes exactly the files given. `update`: the tree's other files stay. */
  readonly mode?: 'replace' | 'update';
  /**
   * Rename each file over its target in the live tree instead of publishing a staged copy (`crashSafe:
   * false`). A full disk still changes nothing; a crash while renaming leaves a mixture that loads refuse
   * with a typed error until the next save.
   */
  readonly inPlace?: boolean;
  /** fsync every file before its rename and the folders after, so that the save survives a power loss. */
  readonly durable?: boolean;
}

/** One version of a tree, as {@link StorageAdapter.openTree} pins it for a load. */
export interface TreeSnapshot {
  /** Where to read the tree's keys from (the adapter itself, or a read-only view of a retired copy). */
  readonly storage: StorageAdapter;
  /** Changes whenever a save replaces the tree; undefined for trees no generation-aware save wrote. */
  readonly generation: string | undefined;
  /** `writing`: an in-place save is mid-way now; `interrupted`: one died mid-way; `complete` otherwise. */
  readonly state: 'complete' | 'writing' | 'interrupted';
}

/** Total length of the bytes in {@link WriteData}. */
export function writeDataLength(data: WriteData): number {
  if (data instanceof Uint8Array) return data.byteLength;
  let n = 0;
  for (const c of data) n += c.byteLength;
  return n;
}

/** Joins {@link WriteData} into one buffer (a copy unless it already is one). */
export function concatWriteData(data: WriteData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data.length === 1) return data[0];
  const out = new Uint8Array(writeDataLength(data));
  let o = 0;
  for (const c of data) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}
