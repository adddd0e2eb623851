import { CorruptDumpError, UnsupportedFormatVersionError } from '../errors/index.ts';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../saving/format/DecodeLimits.ts';
import { decodeMsgpack } from '../saving/format/decodeMsgpack.ts';
import { alignmentPadding } from '../saving/format/PayloadSection.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import { checksumFromBytes, type Hasher } from '../saving/format/xxhash64.ts';
import { validateStoragePath } from '../storage/validateStoragePath.ts';
import { PACK_MAGIC, PACK_MAJOR, PACK_PREAMBLE_BYTES, type PackEntry } from './packFormat.ts';

/** A checked pack index. */
export interface PackIndex {
  readonly root: string;
  readonly entries: ReadonlyMap<string, PackEntry>;
  /** Absolute offset of the data section. */
  readonly dataStart: number;
}

/**
 * Parses and checks a pack's preamble and index: magic, version, lengths, index checksum, entry
 * keys, and the layout of the data section (entries tile it at 8-aligned offsets, zero bytes
 * between). Entry bytes are checked against their checksums when read.
 */
export function readPackIndex(
  bytes: Uint8Array,
  file: string,
  hasher: Hasher,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): PackIndex {
  if (bytes.byteLength < PACK_PREAMBLE_BYTES)
    throw new CorruptDumpError(file, bytes.byteLength, 'shorter than a pack preamble');
  for (let i = 0; i < PACK_MAGIC.length; i++) {
    if (bytes[i] !== PACK_MAGIC[i]) throw new CorruptDumpError(file, i, 'not a Ferry pack (bad magic bytes)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = view.getUint16(8, true);
  if (major > PACK_MAJOR) throw new UnsupportedFormatVersionError(file, major, PACK_MAJOR);
  if (major === 0) throw new CorruptDumpError(file, 8, 'pack version 0 does not exist');
  if (view.getUint32(12, true) !== 0) throw new CorruptDumpError(file, 12, 'unknown pack flags');
  const indexLength = view.getBigUint64(16, true);
  const dataLength = view.getBigUint64(24, true);
  if (indexLength > BigInt(Math.min(limits.maxHeaderBytes, bytes.byteLength))) {
    throw new CorruptDumpError(file, 16, `index length ${indexLength} exceeds the file or maxHeaderBytes`);
  }
  const indexEnd = PACK_PREAMBLE_BYTES + Number(indexLength);
  const dataStart = indexEnd + alignmentPadding(indexEnd);
  if (BigInt(dataStart) + dataLength !== BigInt(bytes.byteLength)) {
    throw new CorruptDumpError(file, 24, `data length ${dataLength} does not match the file size ${bytes.byteLength}`);
  }
  const stored = view.getBigUint64(32, true);
  const actual = hasher.hash([bytes.subarray(0, 32), bytes.subarray(PACK_PREAMBLE_BYTES, dataStart)]);
  if (stored !== actual) throw new CorruptDumpError(file, 32, 'pack index checksum mismatch');
  const indexBytes = bytes.subarray(PACK_PREAMBLE_BYTES, indexEnd);
  const { value: index, tensors } = decodeMsgpack(indexBytes, limits, file, PACK_PREAMBLE_BYTES);
  const bad = (what: string): never => {
    throw new CorruptDumpError(file, PACK_PREAMBLE_BYTES, what);
  };
  if (tensors.length > 0) bad('a pack index holds no tensor descriptors');
  if (!isPlainRecord(index) || typeof index.root !== 'string' || !Array.isArray(index.entries)) {
    return bad('pack index must be {format, root, entries}');
  }
  if (index.format !== major)
    bad(`pack index format ${JSON.stringify(index.format)} is not the file's version ${major}`);
  const root = packKey(index.root, bad);
  if (root.includes('/')) bad(`pack root ${JSON.stringify(root)} must be one path segment`);
  const entries = new Map<string, PackEntry>();
  const dataBytes = Number(dataLength);
  let cursor = 0;
  for (const e of index.entries as unknown[]) {
    if (!Array.isArray(e) || e.length !== 4) return bad('pack entry must be [key, offset, length, checksum]');
    const [key, offset, length, checksum] = e as unknown[];
    if (typeof key !== 'string') return bad('pack entry key must be a string');
    const k = packKey(key, bad);
    if (k !== root && !k.startsWith(`${root}/`)) bad(`entry ${JSON.stringify(k)} is not under the root "${root}"`);
    if (!isUint(offset) || !isUint(length))
      return bad(`entry ${JSON.stringify(k)}: offset and length must be non-negative integers`);
    if (!(checksum instanceof Uint8Array) || checksum.byteLength !== 8)
      return bad(`entry ${JSON.stringify(k)}: checksum must be 8 bytes`);
    if (entries.has(k)) return bad(`entry ${JSON.stringify(k)} appears twice`);
    const expected = cursor + alignmentPadding(cursor);
    if (offset !== expected)
      throw new CorruptDumpError(
        file,
        dataStart + Math.min(offset, dataBytes),
        `entry ${JSON.stringify(k)} at data offset ${offset} where the layout puts it at ${expected}`,
      );
    if (length > dataBytes - offset)
      throw new CorruptDumpError(file, dataStart + offset, `entry ${JSON.stringify(k)} runs past the end of the pack`);
    for (let i = cursor; i < offset; i++) {
      if (bytes[dataStart + i] !== 0)
        throw new CorruptDumpError(file, dataStart + i, 'non-zero padding byte between entries');
    }
    cursor = offset + length;
    entries.set(k, { key: k, offset, length, checksum: checksumFromBytes(checksum) });
  }
  if (cursor !== Number(dataLength))
    throw new CorruptDumpError(file, dataStart + cursor, 'bytes after the last pack entry');
  return { root, entries, dataStart };
}

function isUint(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A segment a pack key may not have: a consumer indexing entries by key in a plain object would reach its prototype. */
const FORBIDDEN_SEGMENT = '__proto__';

/** A pack key as written: a normalised storage key (no trailing `/`) with no forbidden segment. */
function packKey(key: string, bad: (what: string) => never): string {
  let normal: string;
  try {
    normal = validateStoragePath(key);
  } catch (error) {
    return bad(`pack key ${JSON.stringify(key)} is not a valid storage key (${(error as Error).message})`);
  }
  if (normal !== key) bad(`pack key ${JSON.stringify(key)} is not normalised (expected ${JSON.stringify(normal)})`);
  if (normal.split('/').includes(FORBIDDEN_SEGMENT)) bad(`pack key ${JSON.stringify(key)} has a "__proto__" segment`);
  return normal;
}
