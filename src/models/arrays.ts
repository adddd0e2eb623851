import { CorruptDumpError, InvalidInputError } from '../errors/index.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import { FORMAT_MAJOR, PREAMBLE_BYTES } from '../saving/format/constants.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import {
  decodeArrayEntry,
  encodeArrayEntry,
  type LoadAs,
  type SavableArray,
  type StorableArray,
} from './arrayEntries.ts';
import { decodeFile, encodeFile, newPayload } from './ferryFormat.ts';
import type { QuantizedArray } from './quantize.ts';
import type { Tensor } from './tensors.ts';

/** A list of arrays or a record of named arrays (MXNet's `nd.save` takes both). */
export type ArrayCollection<T> = readonly T[] | Readonly<Record<string, T>>;

/** Options of {@link loadArrays}. */
export interface LoadArraysOptions<A extends LoadAs = LoadAs> {
  /** Hand arrays back as tfjs tensors (default) or as NDArrays viewing the file's bytes. */
  readonly as?: A;
}

/** The `kind` of an arrays file's header. */
export const ARRAYS_KIND = 'arrays';

/**
 * Saves a list or a record of NDArrays / tfjs tensors (every tfjs dtype; scalars and zero-size
 * arrays too) as one `.ferry` arrays file at `path`: header `{format, kind: 'arrays', arrays}`,
 * tensor bytes in the payload section. Bytes are handed to `storage.write` as chunks, never joined.
 * A {@link QuantizedArray} (from `quantizeArray`) is stored quantized and loads dequantized.
 */
export async function saveArrays(
  storage: StorageAdapter,
  path: string,
  arrays: ArrayCollection<SavableArray>,
): Promise<void> {
  await storage.write(path, await encodeArraysFile(arrays, path));
}

/**
 * Loads what {@link saveArrays} wrote: a list comes back as a list, a record as a record, with the
 * same dtypes and shapes. Tensors by default (`{as: 'ndarray'}` for NDArrays).
 */
export async function loadArrays(
  storage: StorageAdapter,
  path: string,
  options?: LoadArraysOptions<'tensor'>,
): Promise<Tensor[] | Record<string, Tensor>>;
export async function loadArrays(
  storage: StorageAdapter,
  path: string,
  options: LoadArraysOptions<'ndarray'>,
): Promise<NDArray[] | Record<string, NDArray>>;
export async function loadArrays(
  storage: StorageAdapter,
  path: string,
  options: LoadArraysOptions = {},
): Promise<StorableArray[] | Record<string, StorableArray>> {
  return decodeArraysFile(await storage.read(path), path, options.as ?? 'tensor');
}

/** The chunks of an arrays file holding `arrays`. */
export async function encodeArraysFile(arrays: ArrayCollection<SavableArray>, file: string): Promise<Uint8Array[]> {
  const payload = await newPayload();
  let entries: unknown;
  if (Array.isArray(arrays)) {
    const list: unknown[] = [];
    for (let i = 0; i < arrays.length; i++) list.push(await encodeArrayEntry(arrays[i], `${file}[${i}]`, payload));
    entries = list;
  } else if (isPlainRecord(arrays)) {
    const record: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(arrays)) {
      if (name === '__proto__') throw new InvalidInputError(`saveArrays(${file})`, 'the name "__proto__" is reserved');
      record[name] = await encodeArrayEntry(value, `${file}["${name}"]`, payload);
    }
    entries = record;
  } else {
    throw new InvalidInputError(`saveArrays(${file})`, 'expected a list or a plain record of arrays');
  }
  return encodeFile({ format: FORMAT_MAJOR, kind: ARRAYS_KIND, arrays: entries }, payload);
}

/** Decodes an arrays file's bytes (see {@link loadArrays}). */
export async function decodeArraysFile(
  bytes: Uint8Array,
  file: string,
  as: LoadAs,
): Promise<StorableArray[] | Record<string, StorableArray>> {
  const src = await decodeFile(bytes, file);
  const header = src.header;
  if (!isPlainRecord(header) || header.kind !== ARRAYS_KIND) {
    const kind = isPlainRecord(header) ? JSON.stringify(header.kind) : 'none';
    throw new CorruptDumpError(file, PREAMBLE_BYTES, `not an arrays file (header kind ${kind}, expected "arrays")`);
  }
  const entries = header.arrays;
  if (Array.isArray(entries)) return entries.map((e, i) => decodeArrayEntry(e, `[${i}]`, src, as));
  if (isPlainRecord(entries)) {
    const out: Record<string, StorableArray> = {};
    for (const [name, e] of Object.entries(entries)) out[name] = decodeArrayEntry(e, `["${name}"]`, src, as);
    return out;
  }
  throw new CorruptDumpError(file, PREAMBLE_BYTES, 'arrays file holds neither a list nor a map of arrays');
}
