/**
 * Named arrays as one `.ferry` arrays file, with the core alone (no tfjs): the inputs and outputs of batch jobs and
 * the data of distributed searches. The bytes are those of `saveArrays` (ferryml/tfjs) for a record of arrays:
 * header `{format: 1, kind: 'arrays', arrays: {name: entry}}` (docs/FORMAT.md, "arrays file"), where each entry is a
 * tensor descriptor (any NDArray dtype) or, for string labels, `{dtype: 'string', shape: [n], values: [bin…]}`. So
 * `loadArrays(storage, key, {as: 'ndarray'})` reads these files too, and these functions read what `saveArrays`
 * wrote from NDArrays. Checksums cover every byte; tensors load as views on the file.
 */
import { CorruptDumpError, InvalidInputError } from '../errors/index.ts';
import { addTensor, decodeFile, encodeFile, newPayload, TensorRef, tensorData } from '../models/ferryFormat.ts';
import { isNDArray, NDArray, shapeSize } from '../ndarray/NDArray.ts';
import { FORMAT_MAJOR, PREAMBLE_BYTES } from '../saving/format/constants.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';

/** One array of an arrays file: an NDArray, or string labels (one per row). */
export type NamedArray = NDArray | readonly string[];

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The chunks of an arrays file holding `arrays` (nothing is concatenated; tensors are referenced). */
export async function encodeNDArrays(
  arrays: Readonly<Record<string, NamedArray>>,
  file: string,
): Promise<Uint8Array[]> {
  if (!isPlainRecord(arrays)) throw new InvalidInputError(file, 'expected a plain record of named arrays');
  const payload = await newPayload();
  const entries: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(arrays)) {
    if (name === '__proto__') throw new InvalidInputError(file, 'the name "__proto__" is reserved');
    if (isNDArray(value)) {
      entries[name] = addTensor(payload, value.dtype, value.shape, value.data);
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      entries[name] = { dtype: 'string', shape: [value.length], values: value.map((v: string) => utf8.encode(v)) };
    } else {
      throw new InvalidInputError(`${file}["${name}"]`, 'expected an NDArray or a list of strings');
    }
  }
  return encodeFile({ format: FORMAT_MAJOR, kind: 'arrays', arrays: entries }, payload);
}

/**
 * The arrays of an arrays file of named arrays (tensors as views on `bytes`). Anything else — a damaged file,
 * another kind of file, a list instead of names, complex or quantized entries — is a `CorruptDumpError` naming it.
 */
export async function decodeNDArrays(bytes: Uint8Array, file: string): Promise<Record<string, NamedArray>> {
  const src = await decodeFile(bytes, file);
  const header = src.header;
  const bad = (detail: string): never => {
    throw new CorruptDumpError(file, PREAMBLE_BYTES, detail);
  };
  if (!isPlainRecord(header) || header.kind !== 'arrays')
    return bad('not an arrays file (header kind is not "arrays")');
  if (!isPlainRecord(header.arrays)) return bad('the arrays file holds no record of named arrays');
  const out: Record<string, NamedArray> = {};
  for (const [name, entry] of Object.entries(header.arrays)) {
    if (entry instanceof TensorRef) {
      out[name] = new NDArray(entry.dtype, [...entry.shape], tensorData(src, entry));
      continue;
    }
    const rec = isPlainRecord(entry) ? entry : {};
    const values = rec.values;
    const shape = rec.shape;
    if (
      rec.dtype !== 'string' ||
      !Array.isArray(values) ||
      !Array.isArray(shape) ||
      shape.length !== 1 ||
      shape[0] !== values.length ||
      shapeSize(shape as number[]) !== values.length
    ) {
      return bad(`array "${name}" is neither a tensor nor a 1-d list of strings`);
    }
    out[name] = values.map((v, i) => {
      if (!(v instanceof Uint8Array)) return bad(`array "${name}"[${i}] is not a string's bytes`);
      try {
        return fromUtf8.decode(v);
      } catch {
        return bad(`array "${name}"[${i}] is not UTF-8`);
      }
    });
  }
  return out;
}

/** Writes `arrays` as one arrays file at `key` (one atomic write). */
export async function saveNDArrays(
  storage: StorageAdapter,
  key: string,
  arrays: Readonly<Record<string, NamedArray>>,
): Promise<void> {
  await storage.write(key, await encodeNDArrays(arrays, key));
}

/** Reads the arrays file at `key` (see {@link decodeNDArrays}); `NotFoundError` when there is none. */
export async function loadNDArrays(storage: StorageAdapter, key: string): Promise<Record<string, NamedArray>> {
  return decodeNDArrays(await storage.read(key), key);
}
