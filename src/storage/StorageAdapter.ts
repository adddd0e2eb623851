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
   * Optional: replaces everything under `prefix` with `files` (keys under `prefix/`) in one step, so
   * that a process killed at any point leaves the previous tree or the new one, never a mixture.
   * Full dumps use it when the adapter has it.
   */
  writeTree?(prefix: string, files: ReadonlyMap<string, WriteData>): Promise<void>;
  /**
   * Optional: completes or rolls back a `writeTree` that a crash interrupted, leaving a loadable tree
   * under `prefix`. Loads call it first.
   */
  recover?(prefix: string): Promise<void>;
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
