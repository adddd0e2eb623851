/**
 * The one place where src/models meets the `.ferry` file layer: arrays files and model files are
 * `.ferry` files whose header `kind` says what they hold, with the same payload section (and the same
 * checksums) as step files.
 */

import { loadKernels } from '../kernels/loadKernels.ts';
import type { DType, TypedArray } from '../ndarray/dtypes.ts';
import {
  type DecodedFerryFile,
  decodeFerryFile,
  encodeFerryFile,
  verifyPayloadSection,
} from '../saving/format/ferryFile.ts';
import { PayloadSection } from '../saving/format/PayloadSection.ts';
import { TensorRef } from '../saving/format/refs.ts';
import { type Hasher, wasmXxh64 } from '../saving/format/xxhash64.ts';
import { littleEndianBytes, readTensorBytes } from '../saving/tensorBytes.ts';

/** A payload section being filled for one file, and the hasher that checksums it. */
export interface PayloadWriter {
  readonly section: PayloadSection;
  readonly hasher: Hasher;
}

/** Starts the payload section of a new file. */
export async function newPayload(): Promise<PayloadWriter> {
  const hasher = wasmXxh64(await loadKernels());
  return { section: new PayloadSection(hasher), hasher };
}

/** Appends a typed array's bytes (referenced, not copied) and returns its tensor descriptor. */
export function addTensor(payload: PayloadWriter, dtype: DType, shape: readonly number[], data: TypedArray): TensorRef {
  const { offset, checksum } = payload.section.add(littleEndianBytes(data));
  return new TensorRef(dtype, [...shape], offset, data.byteLength, 'ndarray', checksum);
}

/** Appends raw bytes as a 1-d uint8 tensor. */
export function addBytes(payload: PayloadWriter, bytes: Uint8Array): TensorRef {
  return addTensor(payload, 'uint8', [bytes.byteLength], bytes);
}

/** The chunks of a file with `header` and the payload section; nothing is concatenated. */
export function encodeFile(header: unknown, payload: PayloadWriter): Uint8Array[] {
  return encodeFerryFile(header, payload.section, payload.hasher);
}

/** A decoded file whose every tensor payload was checked against the header. */
export interface CheckedFile {
  readonly header: unknown;
  readonly file: string;
  readonly decoded: DecodedFerryFile;
}

/** Decodes `bytes` and verifies the header checksum and every payload the header describes. */
export async function decodeFile(bytes: Uint8Array, file: string): Promise<CheckedFile> {
  const hasher = wasmXxh64(await loadKernels());
  const decoded = decodeFerryFile(bytes, file, hasher);
  verifyPayloadSection(decoded, file, hasher);
  return { header: decoded.header, file, decoded };
}

/** The typed array a descriptor points at (a view on the file bytes when aligned). */
export function tensorData(file: CheckedFile, ref: TensorRef): TypedArray {
  const { payload, payloadStart } = file.decoded;
  return readTensorBytes(payload, payloadStart, ref.dtype, ref.shape, ref.offset, ref.byteLength, file.file);
}

export { TensorRef };

/** Appends bytes that already hold `dtype` elements in little-endian order, as a tensor descriptor. */
export function addRawTensor(
  payload: PayloadWriter,
  dtype: DType,
  shape: readonly number[],
  bytes: Uint8Array,
): TensorRef {
  const { offset, checksum } = payload.section.add(bytes);
  return new TensorRef(dtype, [...shape], offset, bytes.byteLength, 'ndarray', checksum);
}

/** The bytes a descriptor points at (a view on the file, checked against the header when decoded). */
export function tensorBytes(file: CheckedFile, ref: TensorRef): Uint8Array {
  return file.decoded.payload.subarray(ref.offset, ref.offset + ref.byteLength);
}
