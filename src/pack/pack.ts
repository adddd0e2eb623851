import { FerryError } from '../errors/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { packHeader } from '../saving/format/encodeMsgpack.ts';
import { alignmentPadding } from '../saving/format/PayloadSection.ts';
import { checksumBytes, wasmXxh64 } from '../saving/format/xxhash64.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { validateStoragePath } from '../storage/validateStoragePath.ts';
import { PACK_MAGIC, PACK_MAJOR, PACK_MINOR, PACK_PREAMBLE_BYTES } from './packFormat.ts';

/** Options of {@link pack}. */
export interface PackOptions {
  /** Called after each file is added. */
  readonly onProgress?: (progress: { key: string; done: number; total: number; bytes: number }) => void;
}

/**
 * Puts the whole dump saved as `name` in `storage` (every key under `name/`) into one file, for edge
 * functions, downloads and HTTP: an index of entries and the files' bytes at 8-aligned offsets, so
 * tensors stay aligned and load without copies (docs/FORMAT.md, "Single-file packs"). Load it with
 * `new ExecutionContext(new PackStorage(bytes)).load(name)`.
 */
export async function pack(storage: StorageAdapter, name: string, options: PackOptions = {}): Promise<Uint8Array> {
  const root = validateStoragePath(name);
  const keys = sortByUtf8(await storage.list(root));
  if (keys.length === 0) throw new FerryError('FERRY_EMPTY_DUMP', `Nothing to pack: no files under "${root}"`);
  const hasher = wasmXxh64(await loadKernels());
  const files: Uint8Array[] = [];
  const entries: [string, number, number, Uint8Array][] = [];
  let cursor = 0;
  for (const key of keys) {
    const bytes = await storage.read(key);
    cursor += alignmentPadding(cursor);
    entries.push([key, cursor, bytes.byteLength, checksumBytes(hasher.hash([bytes]))]);
    files.push(bytes);
    cursor += bytes.byteLength;
    options.onProgress?.({ key, done: files.length, total: keys.length, bytes: bytes.byteLength });
  }
  const index = packHeader({ format: PACK_MAJOR, root, entries });
  const indexPad = alignmentPadding(PACK_PREAMBLE_BYTES + index.byteLength);
  const dataStart = PACK_PREAMBLE_BYTES + index.byteLength + indexPad;
  const out = new Uint8Array(dataStart + cursor);
  out.set(PACK_MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, PACK_MAJOR, true);
  view.setUint16(10, PACK_MINOR, true);
  view.setUint32(12, 0, true);
  view.setBigUint64(16, BigInt(index.byteLength), true);
  view.setBigUint64(24, BigInt(cursor), true);
  out.set(index, PACK_PREAMBLE_BYTES);
  for (let i = 0; i < files.length; i++) out.set(files[i], dataStart + entries[i][1]);
  view.setBigUint64(32, hasher.hash([out.subarray(0, 32), out.subarray(PACK_PREAMBLE_BYTES, dataStart)]), true);
  return out;
}

/** Keys in the order docs/FORMAT.md gives packs: ascending by their UTF-8 bytes (Unicode code point order). */
function sortByUtf8(keys: readonly string[]): string[] {
  const encoder = new TextEncoder();
  return keys
    .map((key) => ({ key, bytes: encoder.encode(key) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes))
    .map((k) => k.key);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.byteLength - b.byteLength;
}
