/**
 * Bounds applied while loading a dump, checked before anything is allocated, so a hostile file (a
 * 40-byte file claiming a 4 GB tensor, a header nested 10,000 deep) is rejected at once. Every load
 * takes its own limits: `context.load(name, { limits: { maxTensorElements: 1e9 } })`.
 */
export interface DecodeLimits {
  /** Largest `.ferry` file accepted (bytes). */
  readonly maxFileBytes: number;
  /** Sum of the sizes of every file read by one load (bytes). */
  readonly maxTotalBytes: number;
  /** Most step files one load reads. */
  readonly maxFiles: number;
  /** Largest msgpack header (bytes). */
  readonly maxHeaderBytes: number;
  /** Deepest nesting of arrays, maps and extension bodies in a header, and of steps in a tree. */
  readonly maxDepth: number;
  /** Longest string in a header (bytes). */
  readonly maxStringBytes: number;
  /** Longest binary value in a header (bytes; only checksums are binary in v1). */
  readonly maxBinBytes: number;
  /** Most elements of one array. */
  readonly maxArrayLength: number;
  /** Most entries of one map. */
  readonly maxMapSize: number;
  /** Most elements of one tensor (and the largest dimension). */
  readonly maxTensorElements: number;
  /**
   * A header of H bytes may hold at most `1024 + H / headerBytesPerContainer` arrays, maps and extension values in
   * all: empty containers cost one byte to write and tens of bytes to build, so this keeps a hostile header's memory
   * within a small multiple of its size.
   */
  readonly headerBytesPerContainer: number;
}

/** Safe defaults: generous for real models, small enough that hostile input cannot exhaust memory. */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxFileBytes: 4 * 1024 ** 3,
  maxTotalBytes: 8 * 1024 ** 3,
  maxFiles: 10_000,
  maxHeaderBytes: 64 * 1024 ** 2,
  maxDepth: 64,
  maxStringBytes: 16 * 1024 ** 2,
  maxBinBytes: 1024 ** 2,
  maxArrayLength: 10_000_000,
  maxMapSize: 1_000_000,
  maxTensorElements: 2 ** 32,
  headerBytesPerContainer: 8,
});

/** The defaults with `overrides` applied; invalid values are replaced by the defaults' bounds. */
export function resolveDecodeLimits(overrides: Partial<DecodeLimits> = {}): DecodeLimits {
  const out: Record<string, number> = { ...DEFAULT_DECODE_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (key in out && typeof value === 'number' && value >= 0) out[key] = value;
  }
  return out as unknown as DecodeLimits;
}
